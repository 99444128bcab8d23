package org.msfhir.cohort;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.msfhir.analytics.DateWindow;
import org.msfhir.analytics.EventClass;
import org.msfhir.analytics.LublinActivity;
import org.msfhir.analytics.LublinProgression;
import org.msfhir.analytics.Measure;

/**
 * The criteria of one criteria group that are computed per patient from the analytics inputs
 * (relapses, measures, MRI, symptoms, DMTs). Null fields and absent bounds are not used.
 *
 * @param periodStart  first day of the window (inclusive), null for the default
 * @param periodEnd    last day of the window (inclusive), null for the evaluation date
 * @param bounds       numeric criteria
 * @param worsening    confirmed worsening with onset in the window, or null
 * @param neda3        NEDA-3 achieved (true) / not achieved (false) in the window, or null
 * @param lublinActivity     Lublin activity qualifier over the window, or null
 * @param lublinProgression  Lublin progression qualifier over the window, or null
 */
public record AnalyticCriteria(LocalDate periodStart, LocalDate periodEnd, Map<AnalyticBound, NumberRange> bounds,
		Worsening worsening, Boolean neda3, LublinActivity lublinActivity, LublinProgression lublinProgression) {

	/** No analytic criterion. */
	public static final AnalyticCriteria NONE = new AnalyticCriteria(null, null, Map.of(), null, null, null, null);

	public AnalyticCriteria {
		bounds = bounds.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(bounds));
	}

	/** A confirmed worsening criterion: which class of event, of which measure(s). */
	public record Worsening(WorseningKind kind, WorseningMeasure measure) {}

	/** Which event classes count. */
	public enum WorseningKind {
		ANY, PIRA, RAW, UNDETERMINED;

		public boolean matches(EventClass c) {
			return this == ANY || name().equals(c.name());
		}

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** Which measures' events count. */
	public enum WorseningMeasure {
		EDSS("edss", List.of(Measure.EDSS)),
		T25FW("t25fw", List.of(Measure.T25FW)),
		NHPT("9hpt", List.of(Measure.NHPT)),
		SDMT("sdmt", List.of(Measure.SDMT)),
		ANY("any", List.of(Measure.values()));

		private final String code;
		private final List<Measure> measures;

		WorseningMeasure(String code, List<Measure> measures) {
			this.code = code;
			this.measures = measures;
		}

		public String code() {
			return code;
		}

		public List<Measure> measures() {
			return measures;
		}
	}

	public boolean isEmpty() {
		return bounds.isEmpty() && worsening == null && neda3 == null && lublinActivity == null && lublinProgression == null;
	}

	/** The name of one parameter of these criteria, for messages. */
	public String firstParameter() {
		for (AnalyticBound bound : AnalyticBound.values()) {
			NumberRange range = bounds.get(bound);
			if (range != null) {
				return range.min() != null ? bound.minParameter() : bound.maxParameter();
			}
		}
		return worsening != null ? "worsening" : neda3 != null ? "neda3" : lublinActivity != null ? "lublin-activity"
				: "lublin-progression";
	}

	/** Whether any criterion uses the window. */
	public boolean windowed() {
		return worsening != null || neda3 != null || lublinActivity != null || lublinProgression != null
				|| bounds.keySet().stream().anyMatch(AnalyticBound::windowed);
	}

	/** Whether symptoms and MedicationStatements must be read too. */
	boolean needsSummaryData() {
		return bounds.keySet().stream().anyMatch(AnalyticBound::needsSummaryData);
	}

	/** The window's last day: {@code period-end}, else the evaluation date. */
	public LocalDate end(LocalDate evaluationDate) {
		return periodEnd != null ? periodEnd : evaluationDate;
	}

	/** The window's first day: {@code period-start}, else the day after the end minus 2 years. */
	public LocalDate start(LocalDate evaluationDate) {
		return periodStart != null ? periodStart : end(evaluationDate).plusDays(1).minusYears(2);
	}

	/** The window [start, end] by days as the analytics' half-open {@link DateWindow} [start, end + 1). */
	public DateWindow window(LocalDate evaluationDate) {
		return new DateWindow(start(evaluationDate), end(evaluationDate).plusDays(1));
	}

	/** The code of a Lublin qualifier: the enum name in lower case with hyphens. */
	public static String code(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}

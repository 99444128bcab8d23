package org.msfhir.cohort;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.msfhir.analytics.DateWindow;
import org.msfhir.analytics.DiseaseActivity;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.Measurement;
import org.msfhir.analytics.Neda3Status;
import org.msfhir.analytics.PatientHistory;
import org.msfhir.analytics.PatientProgression;
import org.msfhir.analytics.ProgressionEngine;
import org.msfhir.analytics.ProgressionSettings;
import org.msfhir.analytics.RelapseMetrics;
import org.msfhir.analytics.WorseningEvent;
import org.msfhir.analytics.fhir.DmtTherapy;
import org.msfhir.analytics.fhir.PatientData;
import org.msfhir.guide.MsTerminology;

/**
 * Whether one patient's data meets the {@link AnalyticCriteria} of a criteria group at an evaluation
 * date. Pure: no database access. Confirmed worsening uses {@link ProgressionSettings#defaults()}.
 * The rules are those of docs/cohorts.md.
 */
public final class AnalyticMatcher {

	static final List<String> MFIS_CODES = List.of(MsTerminology.MS_CONCEPTS + "|" + MsTerminology.MSC_MFIS_TOTAL);
	static final List<String> PAIN_CODES = List.of(MsTerminology.LOINC + "|" + MsTerminology.LOINC_PAIN);

	private final DmtTherapy dmt;
	private final ProgressionEngine engine = new ProgressionEngine(ProgressionSettings.defaults());

	public AnalyticMatcher(DmtTherapy dmt) {
		this.dmt = dmt;
	}

	public boolean matches(PatientData data, AnalyticCriteria criteria, LocalDate evaluationDate) {
		PatientHistory history = data.history();
		DateWindow window = criteria.window(evaluationDate);
		for (Map.Entry<AnalyticBound, NumberRange> e : criteria.bounds().entrySet()) {
			OptionalDouble value = value(e.getKey(), data, window, evaluationDate);
			if (value.isEmpty() || !e.getValue().contains(value.getAsDouble())) {
				return false;
			}
		}
		PatientProgression progression = criteria.worsening() != null || criteria.neda3() != null
				|| criteria.lublinProgression() != null ? engine.analyse(history) : null;
		if (criteria.worsening() != null && !worsened(progression, criteria.worsening(), window, evaluationDate)) {
			return false;
		}
		if (criteria.neda3() != null) {
			Neda3Status status = DiseaseActivity.neda3(history, progression, window);
			Neda3Status wanted = criteria.neda3() ? Neda3Status.ACHIEVED : Neda3Status.NOT_ACHIEVED;
			if (status != wanted) {
				return false;
			}
		}
		if (criteria.lublinActivity() != null && DiseaseActivity.lublinActivity(history, window) != criteria.lublinActivity()) {
			return false;
		}
		return criteria.lublinProgression() == null
				|| DiseaseActivity.lublinProgression(history, progression, window) == criteria.lublinProgression();
	}

	/** The patient's value of a numeric criterion; empty when it cannot be computed (never matches). */
	OptionalDouble value(AnalyticBound bound, PatientData data, DateWindow window, LocalDate evaluationDate) {
		PatientHistory history = data.history();
		return switch (bound) {
			case RELAPSE_COUNT -> OptionalDouble.of(history.relapseOnsets().stream().filter(window::contains).count());
			case RELAPSE_RATE -> OptionalDouble.of(RelapseMetrics.annualisedRelapseRate(history.relapseOnsets(), window));
			case EDSS_CHANGE -> edssChange(history.series(Measure.EDSS), window);
			case T25FW -> latest(history.series(Measure.T25FW), evaluationDate);
			case NHPT -> latest(history.series(Measure.NHPT), evaluationDate);
			case SDMT -> latest(history.series(Measure.SDMT), evaluationDate);
			case MFIS -> data.latestSymptomValue(MFIS_CODES, evaluationDate);
			case PAIN -> data.latestSymptomValue(PAIN_CODES, evaluationDate);
			case LINES_OF_THERAPY -> OptionalDouble.of(DmtTherapy.lines(dmt.started(data.medications(), evaluationDate)).size());
			case SWITCHES -> OptionalDouble.of(DmtTherapy.switches(dmt.started(data.medications(), evaluationDate)));
		};
	}

	/** Last minus first EDSS in the window; needs assessments on two different days. */
	private static OptionalDouble edssChange(List<Measurement> series, DateWindow window) {
		List<Measurement> inside = series.stream().filter(m -> window.contains(m.date())).toList();
		if (inside.size() < 2 || !inside.get(inside.size() - 1).date().isAfter(inside.get(0).date())) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(inside.get(inside.size() - 1).value() - inside.get(0).value());
	}

	/** The value of the latest assessment on or before the date (the last one of that day). */
	private static OptionalDouble latest(List<Measurement> series, LocalDate onOrBefore) {
		Measurement latest = null;
		for (Measurement m : series) {
			if (!m.date().isAfter(onOrBefore)) {
				latest = m;
			}
		}
		return latest == null ? OptionalDouble.empty() : OptionalDouble.of(latest.value());
	}

	private static boolean worsened(PatientProgression progression, AnalyticCriteria.Worsening worsening, DateWindow window,
			LocalDate evaluationDate) {
		for (Measure measure : worsening.measure().measures()) {
			for (WorseningEvent event : progression.result(measure).events()) {
				if (window.contains(event.onset().date()) && !event.confirmation().date().isAfter(evaluationDate)
						&& worsening.kind().matches(event.classification())) {
					return true;
				}
			}
		}
		return false;
	}
}

package org.msfhir.analytics.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalLong;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.msfhir.analytics.DateWindow;
import org.msfhir.analytics.DiseaseActivity;
import org.msfhir.analytics.GroupSummary;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.Measurement;
import org.msfhir.analytics.PatientProgression;
import org.msfhir.analytics.ProgressionResult;
import org.msfhir.analytics.RelapseMetrics;
import org.msfhir.analytics.WorseningEvent;

/** Writes engine results as Parameters parts (names documented in docs/progression.md, "Operations"). */
final class ProgressionParts {

	private ProgressionParts() {}

	/** The {@code patient} part: events, time to first event per measure, relapse and activity measures. */
	static void patient(ParametersParameterComponent part, PatientData data, PatientProgression progression,
			DateWindow window) {
		part.addPart().setName("subject").setValue(new Reference("Patient/" + data.patientId()));
		for (Measure m : Measure.values()) {
			for (WorseningEvent e : progression.result(m).events()) {
				event(part.addPart().setName("event"), e, data);
			}
		}
		for (Measure m : Measure.values()) {
			ProgressionResult r = progression.result(m);
			if (r.lastVisit() == null) {
				continue;
			}
			ParametersParameterComponent first = part.addPart().setName("time-to-first-event");
			first.addPart().setName("measure").setValue(code(m));
			OptionalLong days = r.daysToFirstEvent();
			if (days.isPresent()) {
				first.addPart().setName("days").setValue(new IntegerType(Math.toIntExact(days.getAsLong())));
			}
			first.addPart().setName("follow-up-days").setValue(new IntegerType(Math.toIntExact(r.followUpDays())));
			first.addPart().setName("events").setValue(new IntegerType(r.events().size()));
		}
		activity(part.addPart().setName("activity"), data, progression, window);
	}

	/** One confirmed worsening. */
	static void event(ParametersParameterComponent part, WorseningEvent e, PatientData data) {
		part.addPart().setName("measure").setValue(code(e.measure()));
		visit(part, "reference", e.measure(), e.reference(), data);
		visit(part, "onset", e.measure(), e.onset(), data);
		visit(part, "confirmation", e.measure(), e.confirmation(), data);
		part.addPart().setName("classification").setValue(new CodeType(e.classification().name()));
	}

	private static void visit(ParametersParameterComponent part, String name, Measure measure, Measurement m,
			PatientData data) {
		part.addPart().setName(name + "-value").setValue(new DecimalType(BigDecimal.valueOf(m.value())));
		part.addPart().setName(name + "-date").setValue(new DateType(m.date().toString()));
		String source = data == null ? null : data.source(measure, m);
		if (source != null) {
			part.addPart().setName(name + "-observation").setValue(new Reference(source));
		}
	}

	/** Relapse and activity measures over the window, NEDA-3 and Lublin qualifiers per calendar year. */
	static void activity(ParametersParameterComponent part, PatientData data, PatientProgression progression,
			DateWindow window) {
		var relapses = data.history().relapseOnsets();
		part.addPart().setName("from").setValue(new DateType(window.from().toString()));
		part.addPart().setName("to").setValue(new DateType(window.to().toString()));
		int count = (int) relapses.stream().filter(window::contains).count();
		part.addPart().setName("relapses").setValue(new IntegerType(count));
		part.addPart().setName("annualised-relapse-rate")
				.setValue(decimal(RelapseMetrics.annualisedRelapseRate(relapses, window)));
		OptionalLong since = RelapseMetrics.daysSinceLastRelapse(relapses, window.to().minusDays(1));
		if (since.isPresent()) {
			part.addPart().setName("days-since-last-relapse").setValue(new IntegerType(Math.toIntExact(since.getAsLong())));
		}
		part.addPart().setName("neda3").setValue(
				enumCode(DiseaseActivity.neda3(data.history(), progression, window)));
		part.addPart().setName("lublin-activity").setValue(
				enumCode(DiseaseActivity.lublinActivity(data.history(), window)));
		for (int year = window.from().getYear(); year <= window.to().minusDays(1).getYear(); year++) {
			DateWindow y = DateWindow.calendarYear(year);
			ParametersParameterComponent yp = part.addPart().setName("year");
			yp.addPart().setName("year").setValue(new IntegerType(year));
			yp.addPart().setName("neda3").setValue(enumCode(DiseaseActivity.neda3(data.history(), progression, y)));
			yp.addPart().setName("lublin-activity").setValue(enumCode(DiseaseActivity.lublinActivity(data.history(), y)));
			yp.addPart().setName("lublin-progression")
					.setValue(enumCode(DiseaseActivity.lublinProgression(data.history(), progression, y)));
		}
	}

	/** The GroupSummary of one measure. */
	static void summary(ParametersParameterComponent part, GroupSummary s) {
		part.addPart().setName("measure").setValue(code(s.measure()));
		integer(part, "patients", s.patients());
		integer(part, "patients-with-event", s.patientsWithEvent());
		integer(part, "patients-with-raw", s.patientsWithRaw());
		integer(part, "patients-with-pira", s.patientsWithPira());
		integer(part, "patients-with-undetermined", s.patientsWithUndetermined());
		integer(part, "events", s.events());
		integer(part, "raw-events", s.rawEvents());
		integer(part, "pira-events", s.piraEvents());
		integer(part, "undetermined-events", s.undeterminedEvents());
		optional(part, "median-days-to-first-event", s.medianDaysToFirstEvent());
		optional(part, "mean-annualised-relapse-rate", s.meanAnnualisedRelapseRate());
		integer(part, "neda3-achieved", s.neda3Achieved());
		integer(part, "neda3-evaluable", s.neda3Evaluable());
		optional(part, "neda3-proportion", s.neda3Proportion());
	}

	private static void integer(ParametersParameterComponent part, String name, int value) {
		part.addPart().setName(name).setValue(new IntegerType(value));
	}

	private static void optional(ParametersParameterComponent part, String name, Double value) {
		if (value != null) {
			part.addPart().setName(name).setValue(decimal(value));
		}
	}

	static DecimalType decimal(double value) {
		return new DecimalType(BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP));
	}

	static CodeType code(Measure m) {
		return new CodeType(m == Measure.NHPT ? "9HPT" : m.name());
	}

	static CodeType enumCode(Enum<?> e) {
		return new CodeType(e.name());
	}

	static Type date(LocalDate d) {
		return new DateType(d.toString());
	}

	static String lower(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT);
	}
}

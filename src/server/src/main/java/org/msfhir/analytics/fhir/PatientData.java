package org.msfhir.analytics.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.Measurement;
import org.msfhir.analytics.PatientHistory;

/**
 * What was read for one patient by {@link HistoryReader}: the engine's input and where each value came
 * from, plus (when read for a summary) symptom scores, MS diagnoses and MedicationStatements.
 *
 * @param sources      {@code Observation/id} of each measurement, keyed by {@link #key}
 * @param inputs       every resource the history was built from ({@code Type/id}), for Provenance
 * @param symptoms     latest-first pain, Penn spasm and MFIS Observations (summary only, else empty)
 * @param diagnoses    MS diagnosis Conditions (summary only, else empty)
 * @param medications  MedicationStatements (summary only, else empty)
 * @param lastMri      date of the latest MRI activity assessment, or null
 */
public record PatientData(String patientId, PatientHistory history, Map<String, String> sources, List<String> inputs,
		List<Observation> symptoms, List<Condition> diagnoses, List<MedicationStatement> medications,
		LocalDate lastMri) {

	static String key(Measure measure, Measurement m) {
		return measure + "|" + m.date() + "|" + m.value();
	}

	/**
	 * The latest symptom Observation (pain, Penn spasm, MFIS) with one of the codings ({@code system|code})
	 * and a numeric value, effective on or before {@code asOf}.
	 */
	public Optional<Observation> latestSymptom(List<String> codings, LocalDate asOf) {
		for (Observation o : symptoms) {
			LocalDate day = HistoryReader.effectiveDay(o);
			boolean match = o.getCode().getCoding().stream().anyMatch(c -> codings.contains(c.getSystem() + "|" + c.getCode()));
			Double value = o.hasValue() ? HistoryReader.number(o.getValue()) : null;
			if (match && day != null && !day.isAfter(asOf) && value != null) {
				return Optional.of(o);
			}
		}
		return Optional.empty();
	}

	/** The numeric value of {@link #latestSymptom}, if any. */
	public OptionalDouble latestSymptomValue(List<String> codings, LocalDate asOf) {
		return latestSymptom(codings, asOf).map(o -> OptionalDouble.of(HistoryReader.number(o.getValue())))
				.orElse(OptionalDouble.empty());
	}

	/** The Observation a measurement was read from, or null. */
	String source(Measure measure, Measurement m) {
		return sources.get(key(measure, m));
	}
}

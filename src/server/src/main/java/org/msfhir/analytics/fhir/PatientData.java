package org.msfhir.analytics.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.Measurement;
import org.msfhir.analytics.PatientHistory;

/**
 * What was read for one patient: the engine's input and where each value came from.
 *
 * @param sources      {@code Observation/id} of each measurement, keyed by {@link #key}
 * @param inputs       every resource the history was built from ({@code Type/id}), for Provenance
 * @param symptoms     latest-first pain, Penn spasm and MFIS Observations (summary only, else empty)
 * @param diagnoses    MS diagnosis Conditions (summary only, else empty)
 * @param medications  MedicationStatements (summary only, else empty)
 * @param lastMri      date of the latest MRI activity assessment, or null
 */
record PatientData(String patientId, PatientHistory history, Map<String, String> sources, List<String> inputs,
		List<Observation> symptoms, List<Condition> diagnoses, List<MedicationStatement> medications,
		LocalDate lastMri) {

	static String key(Measure measure, Measurement m) {
		return measure + "|" + m.date() + "|" + m.value();
	}

	/** The Observation a measurement was read from, or null. */
	String source(Measure measure, Measurement m) {
		return sources.get(key(measure, m));
	}
}

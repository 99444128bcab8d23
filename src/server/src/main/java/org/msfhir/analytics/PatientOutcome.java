package org.msfhir.analytics;

import java.util.Objects;

/**
 * One patient's results as the group summary needs them.
 *
 * @param annualisedRelapseRate the patient's ARR over the study window, or null when not computed
 * @param neda3                 NEDA-3 over the study window, or null when not computed
 */
public record PatientOutcome(String patientId, PatientProgression progression, Double annualisedRelapseRate,
		Neda3Status neda3) {

	public PatientOutcome {
		Objects.requireNonNull(patientId, "patientId");
		Objects.requireNonNull(progression, "progression");
	}
}

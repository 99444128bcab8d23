package org.msfhir.analytics;

import java.util.List;
import java.util.Map;

/** The progression results of one patient for every measure, with the settings they were computed with. */
public record PatientProgression(ProgressionSettings settings, Map<Measure, ProgressionResult> results) {

	public PatientProgression {
		results = Map.copyOf(results);
	}

	/** The result for a measure; an empty result when the patient has no series for it. */
	public ProgressionResult result(Measure measure) {
		ProgressionResult r = results.get(measure);
		return r != null ? r : new ProgressionResult(measure, null, null, List.of());
	}
}

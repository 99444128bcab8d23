package org.msfhir.tools.load;

import java.util.List;

/**
 * Outcome of loading bundles: counts, wall time, per-bundle latencies (ms), the errors (first lines)
 * and the server ids of the loaded patients (first entry of each bundle).
 */
public record LoadResult(
		int bundles,
		long resources,
		int errors,
		double seconds,
		double[] latenciesMs,
		List<String> errorMessages,
		List<String> patientIds) {

	public double patientsPerSecond() {
		return (bundles - errors) / seconds;
	}

	public double resourcesPerSecond() {
		return resources / seconds;
	}
}

package org.msfhir.cohort;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the $ms-cohort criteria parser, with the check of {@link CohortCriteriaFuzzTest}.
 * Not a {@code *Test} class, so the normal build skips it (Jazzer's agent slows the JVM down): run it
 * with {@code -Dtest=CohortCriteriaCoverageFuzz}, and with {@code JAZZER_FUZZ=1} to fuzz rather than replay saved
 * inputs (docs/reliability.md, Fuzzing).
 */
class CohortCriteriaCoverageFuzz {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		CohortCriteriaFuzzTest.check(new String(input, StandardCharsets.UTF_8));
	}
}

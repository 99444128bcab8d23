package org.msfhir.cohort;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the $ms-cohort criteria parser, with the check of {@link CohortCriteriaFuzzTest}. In the
 * normal build it only replays the inputs Jazzer saved; {@code JAZZER_FUZZ=1} fuzzes it
 * (docs/reliability.md, Fuzzing). A class of its own: jqwik and Jupiter report separately.
 */
class CohortCriteriaCoverageFuzzTest {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		CohortCriteriaFuzzTest.check(new String(input, StandardCharsets.UTF_8));
	}
}

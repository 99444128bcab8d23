package org.msfhir.validation;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of request parsing and MS validation, with the check of {@link RequestParsingFuzzTest}. In the
 * normal build it only replays the inputs Jazzer saved; {@code JAZZER_FUZZ=1} fuzzes it
 * (docs/reliability.md, Fuzzing). A class of its own: jqwik and Jupiter report separately.
 */
class RequestParsingCoverageFuzzTest {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		RequestParsingFuzzTest.ensureSetUp();
		RequestParsingFuzzTest.check(input);
	}
}

package org.msfhir.validation;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of request parsing and MS validation, with the check of {@link RequestParsingFuzzTest}.
 * Not a {@code *Test} class, so the normal build skips it (Jazzer's agent slows the JVM down): run it
 * with {@code -Dtest=RequestParsingCoverageFuzz}, and with {@code JAZZER_FUZZ=1} to fuzz rather than replay saved
 * inputs (docs/reliability.md, Fuzzing).
 */
class RequestParsingCoverageFuzz {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		RequestParsingFuzzTest.ensureSetUp();
		RequestParsingFuzzTest.check(input);
	}
}

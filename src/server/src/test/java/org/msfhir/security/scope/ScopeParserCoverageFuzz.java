package org.msfhir.security.scope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the SMART scope parser, with the check of {@link ScopeParserFuzzTest}.
 * Not a {@code *Test} class, so the normal build skips it (Jazzer's agent slows the JVM down): run it
 * with {@code -Dtest=ScopeParserCoverageFuzz}, and with {@code JAZZER_FUZZ=1} to fuzz rather than replay saved
 * inputs (docs/reliability.md, Fuzzing).
 */
class ScopeParserCoverageFuzz {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		ScopeParserFuzzTest.check(new String(input, StandardCharsets.UTF_8));
	}
}

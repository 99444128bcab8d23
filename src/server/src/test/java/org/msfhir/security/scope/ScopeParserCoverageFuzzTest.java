package org.msfhir.security.scope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the SMART scope parser, with the check of {@link ScopeParserFuzzTest}. In the
 * normal build it only replays the inputs Jazzer saved; {@code JAZZER_FUZZ=1} fuzzes it
 * (docs/reliability.md, Fuzzing). A class of its own: jqwik and Jupiter report separately.
 */
class ScopeParserCoverageFuzzTest {

	@FuzzTest(maxDuration = "5m")
	void coverageGuided(byte[] input) {
		ScopeParserFuzzTest.check(new String(input, StandardCharsets.UTF_8));
	}
}

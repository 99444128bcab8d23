package org.msfhir.security.scope;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.msfhir.fuzz.FuzzCorpus;
import org.msfhir.fuzz.Mutator;

/**
 * Fuzzing the SMART scope parser: whatever a token's scope claim holds, parsing ends without an
 * exception (invalid scopes grant nothing, as documented), and a string without any resource-scope
 * prefix grants no resource access.
 */
class ScopeParserFuzzTest {

	static final String TARGET = "scope-parser";
	private static final List<String> SEEDS = List.of(
			"system/*.cruds", "patient/Observation.rs?category=vital-signs", "user/Patient.read user/*.write",
			"launch/patient openid fhirUser offline_access", "patient/*.rs?code=http://loinc.org|1234-5&status=final",
			"system/Observation.rs?_security=R msfhir/admin", "patient/Condition.*", "user/Observation.c?code:in=http://x");

	private static final ScopeParser PARSER = new ScopeParser(FhirContext.forR4Cached().getResourceTypes());

	@Property
	void anyScopeStringParses(@ForAll("scopeStrings") String scopes) {
		check(scopes);
	}

	@Example
	void regressionInputs() {
		FuzzCorpus.inputs(TARGET).forEach(input -> check(new String(input, StandardCharsets.UTF_8)));
	}

	static void check(String scopes) {
		SmartScopes parsed;
		try {
			parsed = PARSER.parse(scopes);
		} catch (RuntimeException e) {
			throw new AssertionError("scope parser failed on " + FuzzCorpus.keepFinding(TARGET, scopes.getBytes(StandardCharsets.UTF_8)), e);
		}
		assertThat(parsed).isNotNull();
		if (!scopes.contains("patient/") && !scopes.contains("user/") && !scopes.contains("system/")) {
			assertThat(parsed.resourceScopes()).as(scopes).isEmpty();
		}
	}

	@Provide
	Arbitrary<String> scopeStrings() {
		Arbitrary<String> mutated = Arbitraries.longs().map(seed -> {
			Random random = new Random(seed);
			return Mutator.mutate(SEEDS.get(random.nextInt(SEEDS.size())), SEEDS, random, 6);
		});
		Arbitrary<String> random = Arbitraries.strings().withChars("patientusersystem/*.?=&|:crudsRW ,%_-").ofMaxLength(80);
		return Arbitraries.oneOf(mutated, random, Arbitraries.strings().ofMaxLength(40));
	}
}

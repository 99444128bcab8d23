package org.msfhir.security.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeParserTest {

	private final ScopeParser parser =
			new ScopeParser(Set.of("Patient", "Observation", "Condition", "AuditEvent", "MedicationRequest"));

	@Test
	void v1ReadMeansReadAndSearch() {
		ResourceScope scope = only("patient/Observation.read");
		assertThat(scope.context()).isEqualTo(ScopeContext.PATIENT);
		assertThat(scope.resourceType()).isEqualTo("Observation");
		assertThat(scope.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
		assertThat(scope.v1()).isTrue();
		assertThat(scope.isRestricted()).isFalse();
	}

	@Test
	void v1WriteMeansCreateUpdateDelete() {
		ResourceScope scope = only("user/Observation.write");
		assertThat(scope.context()).isEqualTo(ScopeContext.USER);
		assertThat(scope.permissions())
				.containsExactlyInAnyOrder(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
	}

	@Test
	void v1StarStarIsEverythingOnEveryType() {
		ResourceScope scope = only("user/*.*");
		assertThat(scope.isWildcard()).isTrue();
		assertThat(scope.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
	}

	@ParameterizedTest
	@CsvSource({"c,CREATE", "r,READ", "u,UPDATE", "d,DELETE", "s,SEARCH"})
	void v2SingleLetters(String letters, Permission expected) {
		assertThat(only("patient/Observation." + letters).permissions()).containsExactly(expected);
	}

	@Test
	void v2Combinations() {
		assertThat(only("patient/Observation.rs").permissions())
				.containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
		assertThat(only("system/*.cruds").permissions()).isEqualTo(EnumSet.allOf(Permission.class));
		assertThat(only("user/Condition.cud").permissions())
				.containsExactlyInAnyOrder(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
		assertThat(only("system/Patient.rs").context()).isEqualTo(ScopeContext.SYSTEM);
		assertThat(only("patient/Observation.rs").v1()).isFalse();
	}

	@Test
	void queryRestrictedScopeKeepsDecodedCriteria() {
		ResourceScope scope = only(
				"patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
		assertThat(scope.isRestricted()).isTrue();
		assertThat(scope.restriction().criteria())
				.containsExactly(new QueryRestriction.Criterion(
						"category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"));
		assertThat(scope.restriction().toQueryString())
				.isEqualTo("category=http%3A%2F%2Fterminology.hl7.org%2FCodeSystem%2Fobservation-category%7Claboratory");
	}

	@Test
	void queryRestrictionAcceptsPercentEncodingAndSeveralCriteria() {
		ResourceScope scope = only("user/Observation.rs?code=http%3A%2F%2Floinc.org%7C72514-3&status=final");
		assertThat(scope.restriction().criteria())
				.containsExactly(
						new QueryRestriction.Criterion("code", "http://loinc.org|72514-3"),
						new QueryRestriction.Criterion("status", "final"));
		assertThat(scope.restriction().parameterNames()).containsExactly("code", "status");
	}

	@Test
	void launchAndIdentityScopesAreRecognised() {
		SmartScopes scopes = parser.parse(
				"launch launch/patient openid fhirUser offline_access online_access patient/Patient.rs");
		assertThat(scopes.specialScopes())
				.containsExactlyInAnyOrder(
						"launch", "launch/patient", "openid", "fhirUser", "offline_access", "online_access");
		assertThat(scopes.resourceScopes()).hasSize(1);
		assertThat(scopes.ignored()).isEmpty();
		assertThat(scopes.has(SmartScopes.OPENID)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = {
		"patient/Observation.rsc", // letters out of order
		"patient/Observation.rr", // repeated letter
		"patient/Observation.x", // unknown letter
		"patient/Observation.", // no permissions
		"patient/Unicorn.read", // unknown type
		"patient/Observation.read?category=x", // v1 cannot be restricted
		"patient/Observation.rs?", // empty query
		"patient/Observation.rs?category", // no value
		"patient/Observation.rs?=x", // no name
		"patient/Observation.rs?category=", // empty value
		"practitioner/Observation.rs", // not a context (not a resource scope at all)
		"patient/Observation", // no permission part
		"patient/*.r*", // mixed
		"patient/Observation.rs?category=%zz" // broken encoding
	})
	void invalidScopesAreIgnoredAndGrantNothing(String scope) {
		SmartScopes scopes = parser.parse(scope + " patient/Patient.r");
		assertThat(scopes.resourceScopes()).extracting(ResourceScope::source).containsExactly("patient/Patient.r");
		assertThat(scopes.allows("Observation", Permission.READ)).isFalse();
		assertThat(scopes.allows("Observation", Permission.SEARCH)).isFalse();
	}

	@Test
	void unknownPlainNamesAreKeptAsOtherScopes() {
		SmartScopes scopes = parser.parse("msfhir/admin patient/Patient.r");
		assertThat(scopes.otherScopes()).containsExactly("msfhir/admin");
		assertThat(scopes.has("msfhir/admin")).isTrue();
		assertThat(scopes.ignored()).isEmpty();
	}

	@Test
	void wildcardDoesNotCoverAuditEvent() {
		SmartScopes wildcard = parser.parse("system/*.rs");
		assertThat(wildcard.allows("Observation", Permission.READ)).isTrue();
		assertThat(wildcard.allows("AuditEvent", Permission.READ)).isFalse();
		SmartScopes explicit = parser.parse("system/AuditEvent.rs");
		assertThat(explicit.allows("AuditEvent", Permission.SEARCH)).isTrue();
	}

	@Test
	void grantsListsEveryScopeThatAllows() {
		SmartScopes scopes = parser.parse(
				"patient/Observation.rs?category=laboratory patient/Observation.rs?category=vital-signs patient/Patient.r");
		assertThat(scopes.grants("Observation", Permission.SEARCH)).hasSize(2);
		assertThat(scopes.grants("Observation", Permission.CREATE)).isEmpty();
		assertThat(scopes.grants("Patient", Permission.READ)).hasSize(1);
		assertThat(scopes.contexts()).containsExactly(ScopeContext.PATIENT);
	}

	@Test
	void emptyOrBlankGivesNoScopes() {
		assertThat(parser.parse(null).resourceScopes()).isEmpty();
		assertThat(parser.parse("  ").resourceScopes()).isEmpty();
	}

	@Test
	void sameStringIsParsedOnce() {
		assertThat(parser.parse("patient/Patient.rs")).isSameAs(parser.parse("patient/Patient.rs"));
	}

	@Test
	void modelIsImmutable() {
		SmartScopes scopes = parser.parse("patient/Patient.rs");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> scopes.resourceScopes().clear())
				.isInstanceOf(UnsupportedOperationException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(
						() -> scopes.resourceScopes().get(0).permissions().add(Permission.DELETE))
				.isInstanceOf(UnsupportedOperationException.class);
	}

	private ResourceScope only(String scope) {
		SmartScopes scopes = parser.parse(scope);
		assertThat(scopes.ignored()).as("ignored").isEmpty();
		assertThat(scopes.resourceScopes()).hasSize(1);
		return scopes.resourceScopes().get(0);
	}
}

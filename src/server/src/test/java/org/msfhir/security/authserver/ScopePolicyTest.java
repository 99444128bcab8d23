package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopePolicyTest {

	private final ScopePolicy policy = new ScopePolicy(Set.of("Patient", "Observation", "Condition", "AuditEvent"));

	private static RegisteredClient client(String... scopes) {
		return new RegisteredClient("c", "c", null, null, null, List.of("https://app/cb"), List.of(scopes),
				Set.of(RegisteredClient.AUTHORIZATION_CODE));
	}

	@Test
	void wildcardsCoverNarrowerScopesOfTheSameContextInBothGrammars() {
		RegisteredClient app = client("patient/*.cruds", "openid", "launch/patient");
		assertThat(policy.grantable(app, "patient/Observation.rs patient/*.read patient/*.* patient/Condition.c openid launch/patient"))
				.containsExactly("patient/Observation.rs", "patient/*.read", "patient/*.*", "patient/Condition.c", "openid",
						"launch/patient");
	}

	@Test
	void otherContextsMorePermissionsAndUnregisteredNamesAreNotGranted() {
		RegisteredClient app = client("patient/*.rs", "openid");
		assertThat(policy.grantable(app, "user/Patient.rs patient/Observation.cruds patient/*.write fhirUser offline_access"))
				.isEmpty();
		assertThat(policy.grantable(app, "patient/Observation.read fhirUser")).containsExactly("patient/Observation.read");
	}

	@Test
	void queryRestrictedRegistrationsCoverOnlyTheSameRestriction() {
		RegisteredClient app = client("patient/Observation.rs?category=vital-signs");
		assertThat(policy.grantable(app, "patient/Observation.rs")).isEmpty();
		assertThat(policy.grantable(app, "patient/Observation.rs?category=laboratory")).isEmpty();
		assertThat(policy.grantable(app, "patient/Observation.rs?category=vital-signs"))
				.containsExactly("patient/Observation.rs?category=vital-signs");
		assertThat(policy.grantable(client("patient/*.rs"), "patient/Observation.rs?category=laboratory"))
				.containsExactly("patient/Observation.rs?category=laboratory");
	}

	@Test
	void aWildcardRegistrationDoesNotCoverTheAuditTrail() {
		assertThat(policy.grantable(client("system/*.rs"), "system/AuditEvent.rs")).isEmpty();
		assertThat(policy.grantable(client("system/AuditEvent.rs"), "system/AuditEvent.rs")).containsExactly("system/AuditEvent.rs");
	}

	@Test
	void aTypeWildcardRequestNeedsAWildcardRegistration() {
		assertThat(policy.grantable(client("patient/Observation.rs"), "patient/*.rs")).isEmpty();
	}
}

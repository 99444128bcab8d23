package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msfhir.security.scope.Permission;
import org.msfhir.security.scope.ScopeParser;

class SmartAccessTest {

	private final ScopeParser parser = new ScopeParser(Set.of("Patient", "Observation"));

	@Test
	void buildsFromSmartClaims() {
		SmartAccess access = SmartAccess.fromClaims(
				Map.of(
						"client_id", "growth-chart",
						"scope", "launch/patient openid fhirUser patient/Observation.rs",
						"patient", "123",
						"encounter", "Encounter/9",
						"fhirUser", "Practitioner/7",
						"sub", "alice",
						"jti", "t-1"),
				parser);
		assertThat(access.clientId()).isEqualTo("growth-chart");
		assertThat(access.patientId()).contains("123");
		assertThat(access.encounterId()).contains("9");
		assertThat(access.fhirUser()).contains("Practitioner/7");
		assertThat(access.subject()).contains("alice");
		assertThat(access.tokenId()).contains("t-1");
		assertThat(access.scopes().allows("Observation", Permission.SEARCH)).isTrue();
		assertThat(access.scopes().allows("Observation", Permission.CREATE)).isFalse();
		assertThat(access.describe()).isEqualTo("client=growth-chart user=Practitioner/7 patient=123");
	}

	@Test
	void acceptsScopeListAndPatientReference() {
		SmartAccess access = SmartAccess.fromClaims(
				Map.of("azp", "pipeline", "scp", List.of("system/Patient.rs", "system/Observation.rs"),
						"patient", "Patient/42"),
				parser);
		assertThat(access.clientId()).isEqualTo("pipeline");
		assertThat(access.patientId()).contains("42");
		assertThat(access.scopes().resourceScopes()).hasSize(2);
	}

	@Test
	void missingClaimsAreEmpty() {
		SmartAccess access = SmartAccess.fromClaims(Map.of("client_id", "c"), parser);
		assertThat(access.patientId()).isEmpty();
		assertThat(access.fhirUser()).isEmpty();
		assertThat(access.scopes().resourceScopes()).isEmpty();
	}
}

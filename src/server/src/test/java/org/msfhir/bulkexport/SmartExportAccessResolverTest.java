package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.junit.jupiter.api.Test;
import org.msfhir.security.scope.ScopeParser;

class SmartExportAccessResolverTest {

	private static final ScopeParser PARSER = new ScopeParser(FhirContext.forR4Cached().getResourceTypes());

	private static ExportGrant grant(String scopes) {
		return SmartExportAccessResolver.grantOf("client-a", PARSER.parse(scopes));
	}

	@Test
	void wildcardReadScopeReadsEverythingButExplicitOnlyTypes() {
		ExportGrant grant = grant("system/*.rs");
		assertThat(grant.clientId()).isEqualTo("client-a");
		assertThat(grant.mayRead("Observation")).isTrue();
		assertThat(grant.restrictionsFor("Observation")).isEmpty();
		assertThat(grant.mayRead("AuditEvent")).isFalse();
	}

	@Test
	void typeScopesAndQueryRestrictions() {
		ExportGrant grant = grant("system/Patient.rs system/Observation.rs?category=laboratory system/Observation.rs?category=survey");
		assertThat(grant.mayRead("Patient")).isTrue();
		assertThat(grant.mayRead("Condition")).isFalse();
		assertThat(grant.restrictionsFor("Observation")).containsExactlyInAnyOrder("category=laboratory", "category=survey");
		assertThat(grant("system/Observation.rs?category=survey system/Observation.rs").restrictionsFor("Observation")).isEmpty();
	}

	@Test
	void v1ReadScopesWorkAndWriteOnlyOrPatientScopesDoNot() {
		assertThat(grant("system/*.read").mayRead("Patient")).isTrue();
		assertThatThrownBy(() -> grant("system/*.cud")).isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> grant("patient/*.rs")).isInstanceOf(ForbiddenOperationException.class);
	}
}

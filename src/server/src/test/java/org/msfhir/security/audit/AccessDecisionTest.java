package org.msfhir.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessDecisionTest {

	@Test
	void theLoggableTargetNamesSearchParametersButNotTheirValues() {
		AccessDecision search = decision("Patient", null, "identifier=MRN-4711&name=Charcot&identifier=x");
		assertThat(search.loggableTarget()).isEqualTo("Patient?identifier&name");
		assertThat(search.target()).as("the stored AuditEvent keeps the query").contains("MRN-4711");
		assertThat(decision("Observation", "12", null).loggableTarget()).isEqualTo("Observation/12");
	}

	private static AccessDecision decision(String type, String id, String query) {
		return new AccessDecision(Instant.now(), true, "app", null, null, "search-type", null, type, id, query, "200", "r1", "10.0.0.1");
	}
}

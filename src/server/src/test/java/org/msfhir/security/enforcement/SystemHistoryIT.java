package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * System history with a wildcard token answers 200 and leaves the audit trail out (the newest
 * versions are always AuditEvents, one per request); a scope naming AuditEvent brings it back.
 */
class SystemHistoryIT extends PostgresIntegrationTest {

	@Test
	void systemHistoryLeavesOutTheAuditTrailUnlessAScopeNamesIt() {
		client().create().resource(new Patient().setActive(true)).execute();
		String wildcard = tokenFor("system/*.cruds", null);
		HttpResponse<String> history = get("_history?_count=50", wildcard);
		assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
		assertThat(types(history)).isNotEmpty().doesNotContain("AuditEvent");

		HttpResponse<String> typed = get("_history?_type=Patient&_count=20", wildcard);
		assertThat(typed.statusCode()).as(typed.body()).isEqualTo(200);
		assertThat(types(typed)).isNotEmpty().doesNotContain("AuditEvent");

		HttpResponse<String> withAudit = get("_history?_count=50", tokenFor("system/*.rs system/AuditEvent.rs", null));
		assertThat(withAudit.statusCode()).as(withAudit.body()).isEqualTo(200);
		assertThat(types(withAudit)).contains("AuditEvent");
	}

	private HttpResponse<String> get(String path, String token) {
		return send(anonymousRequest(path).header("Authorization", "Bearer " + token));
	}

	private java.util.List<String> types(HttpResponse<String> response) {
		return fhirContext.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.filter(Bundle.BundleEntryComponent::hasResource)
				.map(e -> e.getResource().fhirType())
				.toList();
	}
}

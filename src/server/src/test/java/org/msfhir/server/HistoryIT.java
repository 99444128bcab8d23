package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/** History at the three levels: one resource, one resource type, the whole system. */
class HistoryIT extends PostgresIntegrationTest {

	@Test
	void instanceHistoryListsEveryVersionNewestFirst() {
		IdType id = createPatient("First");
		Patient patient = client().read().resource(Patient.class).withId(id.getIdPart()).execute();
		patient.getNameFirstRep().setFamily("Second");
		client().update().resource(patient).execute();

		Bundle history = client().history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
		assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(families(history)).containsExactly("Second", "First");
		assertThat(history.getEntry()).extracting(e -> e.getRequest().getMethod())
				.containsExactly(Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST);
	}

	@Test
	void typeHistoryHasOnlyThatTypeAndRespectsSince() throws InterruptedException {
		Date before = new Date(System.currentTimeMillis() - 1000);
		IdType patient = createPatient("TypeHistory");
		Organization organization = new Organization();
		organization.setName("Clinic");
		client().create().resource(organization).execute();

		Bundle history = client().history().onType(Patient.class).returnBundle(Bundle.class)
				.since(before).count(500).execute();
		assertThat(history.getEntry()).allMatch(e -> e.getResource() instanceof Patient);
		assertThat(ids(history)).contains(patient.getIdPart());
	}

	@Test
	void systemHistoryHasAllTypes() {
		Date before = new Date(System.currentTimeMillis() - 1000);
		IdType patient = createPatient("SystemHistory");
		Organization organization = new Organization();
		organization.setName("System history clinic");
		IdType org = (IdType) client().create().resource(organization).execute().getId();

		// System history returns every type, the audit trail included, so the caller needs a scope that
		// names AuditEvent as well (wildcards never reach the audit trail).
		IGenericClient auditor = fhirContext.newRestfulGenericClient(baseUrl());
		auditor.registerInterceptor(new BearerTokenAuthInterceptor(tokenFor("system/*.rs system/AuditEvent.rs", null)));
		Bundle history = auditor.history().onServer().returnBundle(Bundle.class).since(before).count(500).execute();
		assertThat(history.getEntry())
				.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.contains("Patient/" + patient.getIdPart(), "Organization/" + org.getIdPart());
	}

	private static List<String> families(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> ((Patient) e.getResource()).getNameFirstRep().getFamily()).toList();
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private IdType createPatient(String family) {
		Patient patient = new Patient();
		patient.addName().setFamily(family);
		return (IdType) client().create().resource(patient).execute().getId();
	}
}

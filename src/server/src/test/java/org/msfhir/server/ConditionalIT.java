package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.diagnostics;
import static org.msfhir.support.Http.unique;

import ca.uhn.fhir.rest.api.MethodOutcome;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/** Conditional create (If-None-Exist), conditional update and conditional delete. */
class ConditionalIT extends PostgresIntegrationTest {

	private static final String SYSTEM = "urn:msfhir:test:mrn";

	@Test
	void conditionalCreateDoesNotCreateADuplicate() {
		String mrn = unique("mrn");
		MethodOutcome first = client().create().resource(patient(mrn, "One"))
				.conditionalByUrl("Patient?identifier=" + SYSTEM + "|" + mrn).execute();
		MethodOutcome second = client().create().resource(patient(mrn, "Two"))
				.conditionalByUrl("Patient?identifier=" + SYSTEM + "|" + mrn).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
		assertThat(search(mrn).getTotal()).isEqualTo(1);
	}

	@Test
	void conditionalCreateWithSeveralMatchesIsRefusedWith412() {
		String mrn = unique("mrn");
		client().create().resource(patient(mrn, "A")).execute();
		client().create().resource(patient(mrn, "B")).execute();

		HttpResponse<String> response = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.header("If-None-Exist", "identifier=" + SYSTEM + "|" + mrn)
				.POST(body("{\"resourceType\":\"Patient\",\"active\":true}")));
		assertThat(response.statusCode()).isEqualTo(412);
		assertThat(diagnostics(response)).contains("matched 2 resources");
		assertThat(search(mrn).getTotal()).isEqualTo(2);
	}

	@Test
	void conditionalUpdateCreatesOnceThenUpdatesTheSameResource() {
		String mrn = unique("mrn");
		String url = "Patient?identifier=" + SYSTEM + "|" + mrn;
		MethodOutcome created = client().update().resource(patient(mrn, "Created")).conditionalByUrl(url).execute();
		MethodOutcome updated = client().update().resource(patient(mrn, "Updated")).conditionalByUrl(url).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
		Bundle found = search(mrn);
		assertThat(found.getTotal()).isEqualTo(1);
		assertThat(((Patient) found.getEntryFirstRep().getResource()).getNameFirstRep().getFamily()).isEqualTo("Updated");
	}

	@Test
	void conditionalDeleteRemovesOnlyTheMatchingResource() {
		String gone = unique("mrn");
		String kept = unique("mrn");
		client().create().resource(patient(gone, "Gone")).execute();
		client().create().resource(patient(kept, "Kept")).execute();

		HttpResponse<String> response = send(request("Patient?identifier=" + SYSTEM + "%7C" + gone).DELETE());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(search(gone).getTotal()).isZero();
		assertThat(search(kept).getTotal()).isEqualTo(1);
	}

	private Bundle search(String mrn) {
		return client().search().byUrl("Patient?identifier=" + SYSTEM + "|" + mrn + "&_total=accurate")
				.returnBundle(Bundle.class).execute();
	}

	private static Patient patient(String mrn, String family) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(SYSTEM).setValue(mrn);
		patient.addName().setFamily(family);
		return patient;
	}
}

package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.diagnostics;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/** Create, read, vread, update, delete, and the ETag / If-Match version checks. */
class CrudIT extends PostgresIntegrationTest {

	@Test
	void createThenReadPatient() {
		Patient patient = new Patient();
		patient.addName().setFamily("Kurtzke").addGiven("Ada");
		MethodOutcome created = client().create().resource(patient).execute();
		assertThat(created.getCreated()).isTrue();

		Patient read = client().read().resource(Patient.class).withId(created.getId().getIdPart()).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Kurtzke");
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void updateMakesANewVersionAndVreadReturnsEachVersion() {
		IdType id = createPatient("Before");
		Patient changed = client().read().resource(Patient.class).withId(id.getIdPart()).execute();
		changed.getNameFirstRep().setFamily("After");
		MethodOutcome updated = client().update().resource(changed).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		Patient v1 = client().read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
		Patient v2 = client().read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "2").execute();
		assertThat(v1.getNameFirstRep().getFamily()).isEqualTo("Before");
		assertThat(v2.getNameFirstRep().getFamily()).isEqualTo("After");
	}

	@Test
	void updateWithClientAssignedIdCreatesThenUpdates() {
		String id = org.msfhir.support.Http.unique("pt");
		HttpResponse<String> first = send(request("Patient/" + id)
				.header("Content-Type", FHIR_JSON)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":true}")));
		HttpResponse<String> second = send(request("Patient/" + id)
				.header("Content-Type", FHIR_JSON)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":false}")));
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("ETag")).contains("W/\"2\"");
	}

	@Test
	void deletedResourceIsGoneButItsHistoryRemains() {
		IdType id = createPatient("Deleted");
		HttpResponse<String> deleted = send(request("Patient/" + id.getIdPart()).DELETE());
		assertThat(deleted.statusCode()).isEqualTo(200);

		assertThatThrownBy(() -> client().read().resource(Patient.class).withId(id.getIdPart()).execute())
				.isInstanceOf(ResourceGoneException.class);
		HttpResponse<String> read = send(request("Patient/" + id.getIdPart()));
		assertThat(read.statusCode()).isEqualTo(410);
		assertThat(diagnostics(read)).contains("Resource was deleted");
		Patient v1 = client().read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
		assertThat(v1.getNameFirstRep().getFamily()).isEqualTo("Deleted");
	}

	@Test
	void readAnswersWithTheVersionAsETag() {
		IdType id = createPatient("Etag");
		HttpResponse<String> read = send(request("Patient/" + id.getIdPart()));
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("ETag")).contains("W/\"1\"");
	}

	@Test
	void updateWithCurrentIfMatchSucceeds() {
		IdType id = createPatient("Match");
		HttpResponse<String> response = putActive(id, "W/\"1\"");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("ETag")).contains("W/\"2\"");
	}

	@Test
	void updateWithStaleIfMatchIsRefusedWith412AndNothingChanges() {
		IdType id = createPatient("Stale");
		assertThat(putActive(id, "W/\"1\"").statusCode()).isEqualTo(200);

		HttpResponse<String> stale = putActive(id, "W/\"1\"");
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(diagnostics(stale)).contains("If-Match W/\"1\"").contains("not the current version");
		Patient current = client().read().resource(Patient.class).withId(id.getIdPart()).execute();
		assertThat(current.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void deletingAReferencedResourceIsAConflict() {
		IdType patient = createPatient("Referenced");
		org.hl7.fhir.r4.model.Observation observation = new org.hl7.fhir.r4.model.Observation();
		observation.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
		observation.getCode().setText("note");
		observation.getSubject().setReference(patient.toUnqualifiedVersionless().getValue());
		client().create().resource(observation).execute();

		HttpResponse<String> response = send(request("Patient/" + patient.getIdPart()).DELETE());
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(diagnostics(response)).contains("Patient/" + patient.getIdPart()).contains("Observation");
	}

	private HttpResponse<String> putActive(IdType id, String ifMatch) {
		return send(request("Patient/" + id.getIdPart())
				.header("Content-Type", FHIR_JSON)
				.header("If-Match", ifMatch)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"" + id.getIdPart() + "\",\"active\":true}")));
	}

	private IdType createPatient(String family) {
		Patient patient = new Patient();
		patient.addName().setFamily(family);
		return (IdType) client().create().resource(patient).execute().getId();
	}
}

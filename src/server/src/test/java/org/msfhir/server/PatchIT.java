package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.diagnostics;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/** PATCH with JSON Patch and with FHIRPath Patch, and their version checks. */
class PatchIT extends PostgresIntegrationTest {

	private static final String JSON_PATCH = "application/json-patch+json";

	@Test
	void jsonPatchChangesOnlyTheNamedElements() {
		IdType id = createPatient();
		HttpResponse<String> response = send(request("Patient/" + id.getIdPart())
				.header("Content-Type", JSON_PATCH)
				.method("PATCH", body("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"female\"},"
						+ "{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]")));
		assertThat(response.statusCode()).isEqualTo(200);

		Patient patched = read(id);
		assertThat(patched.getGender()).isEqualTo(AdministrativeGender.FEMALE);
		assertThat(patched.getActive()).isTrue();
		assertThat(patched.getNameFirstRep().getFamily()).isEqualTo("Patched");
		assertThat(patched.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void fhirPathPatchChangesOnlyTheNamedElements() {
		IdType id = createPatient();
		String parameters = """
				{"resourceType":"Parameters","parameter":[{"name":"operation","part":[
				  {"name":"type","valueCode":"add"},
				  {"name":"path","valueString":"Patient"},
				  {"name":"name","valueString":"birthDate"},
				  {"name":"value","valueDate":"1975-05-04"}]}]}""";
		HttpResponse<String> response = send(request("Patient/" + id.getIdPart())
				.header("Content-Type", FHIR_JSON)
				.method("PATCH", body(parameters)));
		assertThat(response.statusCode()).isEqualTo(200);

		Patient patched = read(id);
		assertThat(patched.getBirthDateElement().getValueAsString()).isEqualTo("1975-05-04");
		assertThat(patched.getGender()).isEqualTo(AdministrativeGender.MALE);
	}

	@Test
	void patchWithCurrentIfMatchSucceedsAndWithStaleIfMatchIsRefused() {
		IdType id = createPatient();
		String patch = "[{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]";
		HttpResponse<String> current = send(request("Patient/" + id.getIdPart())
				.header("Content-Type", JSON_PATCH).header("If-Match", "W/\"1\"").method("PATCH", body(patch)));
		HttpResponse<String> stale = send(request("Patient/" + id.getIdPart())
				.header("Content-Type", JSON_PATCH).header("If-Match", "W/\"1\"").method("PATCH", body(patch)));

		assertThat(current.statusCode()).isEqualTo(200);
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(diagnostics(stale)).contains("not the most recent version");
	}

	@Test
	void patchThatCannotApplyIsRefusedAndChangesNothing() {
		IdType id = createPatient();
		HttpResponse<String> response = send(request("Patient/" + id.getIdPart())
				.header("Content-Type", JSON_PATCH)
				.method("PATCH", body("[{\"op\":\"replace\",\"path\":\"/nosuchfield\",\"value\":1}]")));
		assertThat(response.statusCode()).isBetween(400, 422);
		assertThat(diagnostics(response)).contains("no such path");
		assertThat(read(id).getMeta().getVersionId()).isEqualTo("1");
	}

	private Patient read(IdType id) {
		return client().read().resource(Patient.class).withId(id.getIdPart()).execute();
	}

	private IdType createPatient() {
		Patient patient = new Patient();
		patient.addName().setFamily("Patched");
		patient.setGender(AdministrativeGender.MALE);
		return (IdType) client().create().resource(patient).execute().getId();
	}
}

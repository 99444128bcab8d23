package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;

/** Who may start, poll, download and cancel an export, and what their scopes let them export. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportAuthorizationIT extends BulkExportTestBase {

	private String patientId;

	@BeforeAll
	void createData() {
		patientId = client().create().resource(MsTestData.patient("Authzpatient", "Anna", "1970-01-01", "Lugano"))
				.execute().getId().getIdPart();
		client().create().resource(MsTestData.edss(patientId, 5.5, "2025-06-01")).execute();
		client().create().resource(MsTestData.pain(patientId, 3, "2025-07-01")).execute();
	}

	@Test
	void withoutTokenEverythingIs401() {
		HttpResponse<String> kickOff = send(anonymousRequest("$export?_type=Patient").header("Prefer", "respond-async").GET());
		assertThat(kickOff.statusCode()).isEqualTo(401);
		String status = statusUrl(kickOff("$export?_type=Patient"));
		String file = awaitManifest(status).get("output").get(0).get("url").asText();
		assertThat(send(anonymousRequest(status).GET()).statusCode()).isEqualTo(401);
		assertThat(send(anonymousRequest(file).GET()).statusCode()).isEqualTo(401);
		assertThat(send(anonymousRequest(status).DELETE()).statusCode()).isEqualTo(401);
	}

	@Test
	void anotherClientSeesNeitherStatusNorFilesNorCanCancel() {
		String status = statusUrl(kickOff("$export?_type=Patient"));
		String file = awaitManifest(status).get("output").get(0).get("url").asText();
		String intruder = tokenOf("intruder-client", "system/*.rs");
		assertThat(send(as(intruder, status).GET()).statusCode()).isEqualTo(404);
		assertThat(send(as(intruder, file).GET()).statusCode()).isEqualTo(404);
		assertThat(send(as(intruder, status).DELETE()).statusCode()).isEqualTo(404);
		// the owner still has it
		assertThat(send(request(status).GET()).statusCode()).isEqualTo(200);
		assertThat(send(request(file).GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void queryRestrictedScopeBecomesAFilter() {
		String edssOnly = URLEncoder.encode(MsTestData.MS_CONCEPTS + "|edss", StandardCharsets.UTF_8);
		String token = tokenOf("edss-researcher", "system/Patient.rs system/Observation.rs?code=" + edssOnly);
		HttpResponse<String> kickOff = send(as(token, "Patient/$export?_type=Patient,Observation")
				.header("Prefer", "respond-async").GET());
		String status = statusUrl(kickOff);
		JsonNode manifest = awaitManifestAs(token, status);
		Map<String, List<IBaseResource>> files = downloadAllAs(token, manifest);
		assertThat(files.get("Observation")).isNotEmpty().allSatisfy(o -> assertThat(
				((Observation) o).getCode().getCoding()).anySatisfy(c -> assertThat(c.getCode()).isEqualTo("edss")));
	}

	@Test
	void patientScopesCannotExport() {
		String token = tokenOf("patient-app", "patient/*.rs");
		HttpResponse<String> kickOff = send(as(token, "$export?_type=Patient").header("Prefer", "respond-async").GET());
		assertThat(kickOff.statusCode()).isEqualTo(403);
		assertThat(kickOff.body()).contains("OperationOutcome");
	}

	@Test
	void clientPolicyForcesDeidentification() {
		String token = tokenOf("deid-only-client", "system/*.rs");
		HttpResponse<String> kickOff = send(as(token, "Patient/$export?_type=Patient").header("Prefer", "respond-async").GET());
		JsonNode manifest = awaitManifestAs(token, statusUrl(kickOff));
		assertThat(manifest.get("extension").get("http://msfhir.org/fhir/bulk-export/deidentified").asBoolean()).isTrue();
		List<IBaseResource> patients = downloadAllAs(token, manifest).get("Patient");
		assertThat(ids(patients)).doesNotContain(patientId).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
	}
}

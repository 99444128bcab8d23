package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.parse;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code hapi.fhir.store-request-id=false}: stored versions no longer carry the request id, a
 * client's own {@code meta.source} still does. (The default, request id kept, is in OperationsIT.)
 * Its own application context, because the setting is read once when the storage starts.
 */
@TestPropertySource(properties = "hapi.fhir.store-request-id=false")
class StoreRequestIdOffIT extends PostgresIntegrationTest {

	@Test
	void storedVersionsCarryNoRequestId() {
		HttpResponse<String> response = create("{\"resourceType\":\"Patient\"}", "ehr-trace-0002");
		assertThat(response.headers().firstValue("X-Request-Id")).contains("ehr-trace-0002");
		assertThat(stored(response).getMeta().getSource()).isNull();
	}

	@Test
	void theClientsSourceIsStillStored() {
		HttpResponse<String> response = create(
				"{\"resourceType\":\"Patient\",\"meta\":{\"source\":\"http://ehr.example.org/feed\"}}", "ehr-trace-0003");
		assertThat(stored(response).getMeta().getSource()).isEqualTo("http://ehr.example.org/feed");
	}

	private HttpResponse<String> create(String patientJson, String requestId) {
		HttpResponse<String> response = send(request("Patient")
				.header("X-Request-Id", requestId)
				.header("Content-Type", FHIR_JSON)
				.POST(body(patientJson)));
		assertThat(response.statusCode()).isEqualTo(201);
		return response;
	}

	/** The patient as read back from the server. */
	private Patient stored(HttpResponse<String> created) {
		String id = parse(created, Patient.class).getIdElement().getIdPart();
		return client().read().resource(Patient.class).withId(id).execute();
	}
}

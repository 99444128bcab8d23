package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.parse;

import java.net.http.HttpResponse;
import ca.uhn.fhir.rest.gclient.UriClientParam;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SecurityConfig;
import org.msfhir.support.PostgresIntegrationTest;

/** What an operator uses: health probes, Prometheus metrics and the request id. */
class OperationsIT extends PostgresIntegrationTest {

	private String actuator(String path) {
		return "http://localhost:" + port + "/actuator/" + path;
	}

	@Test
	void livenessIsUp() {
		HttpResponse<String> response = send(request(actuator("health/liveness")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void readinessIsUpAndChecksTheDatabase() {
		HttpResponse<String> response = send(request(actuator("health/readiness")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"}");
	}

	@Test
	void prometheusMetricsIncludeFhirRequests() {
		send(request("metadata"));
		// Metrics are not public: a FHIR data token is refused, the metrics scope is let in.
		assertThat(send(request(actuator("prometheus"))).statusCode()).isEqualTo(403);
		HttpResponse<String> response = send(anonymousRequest(actuator("prometheus"))
				.header("Authorization", "Bearer " + tokenFor(SecurityConfig.SCOPE_METRICS, null)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		assertThat(response.body())
				.contains("jvm_memory_used_bytes")
				.contains("hikaricp_connections_active")
				.contains("http_server_requests_seconds_count{");
	}

	@Test
	void requestIdOfTheCallerIsEchoedAndStampedOnWrittenResources() {
		HttpResponse<String> response = send(request("Patient")
				.header("X-Request-Id", "ehr-trace-0001.abc_DEF-with-more-than-16-characters")
				.header("Content-Type", FHIR_JSON)
				.POST(body("{\"resourceType\":\"Patient\"}")));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().allValues("X-Request-Id"))
				.containsExactly("ehr-trace-0001.abc_DEF-with-more-than-16-characters");
		Patient created = parse(response, Patient.class);
		assertThat(created.getMeta().getSource()).isEqualTo("#ehr-trace-0001.abc_DEF-with-more-than-16-characters");
		// HAPI stores the first 16 characters of the request id as meta.source.
		Patient read = client().read().resource(Patient.class).withId(created.getIdElement().getIdPart()).execute();
		assertThat(read.getMeta().getSource()).isEqualTo("#ehr-trace-0001.a");
	}

	@Test
	void generatedRequestIdIsStoredWhole() {
		HttpResponse<String> response = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.POST(body("{\"resourceType\":\"Patient\"}")));
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		String id = parse(response, Patient.class).getIdElement().getIdPart();
		Patient read = client().read().resource(Patient.class).withId(id).execute();
		assertThat(read.getMeta().getSource()).isEqualTo("#" + requestId);
	}

	@Test
	void everyResourceOfATransactionKeepsTheClientsSourceAndTheRequestId() {
		String patient = "{\"fullUrl\":\"urn:uuid:7d5c1c9e-0000-4000-8000-000000000001\",\"resource\":{\"resourceType\":"
				+ "\"Patient\",\"meta\":{\"source\":\"http://ehr.example.org/feed\"}},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
		String observation = "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"note\"},"
				+ "\"subject\":{\"reference\":\"urn:uuid:7d5c1c9e-0000-4000-8000-000000000001\"}},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}";
		HttpResponse<String> response = send(request("")
				.header("X-Request-Id", "feed-batch-0042")
				.header("Content-Type", FHIR_JSON)
				.POST(body("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + patient + "," + observation + "]}")));
		assertThat(response.statusCode()).isEqualTo(200);

		Bundle written = parse(response, Bundle.class);
		for (Bundle.BundleEntryComponent entry : written.getEntry()) {
			String location = entry.getResponse().getLocation();
			IIdType id = new IdType(location).toUnqualifiedVersionless();
			Resource read = (Resource) client().read().resource(id.getResourceType()).withId(id.getIdPart()).execute();
			String expected = "Patient".equals(id.getResourceType())
					? "http://ehr.example.org/feed#feed-batch-0042" : "#feed-batch-0042";
			assertThat(read.getMeta().getSource()).as(location).isEqualTo(expected);
		}
		Bundle bySource = client().search().forResource(Patient.class)
				.where(new UriClientParam("_source").matches().value("http://ehr.example.org/feed#feed-batch-0042"))
				.returnBundle(Bundle.class).execute();
		assertThat(bySource.getEntry()).hasSize(1);
	}

	@Test
	void unsafeRequestIdIsReplacedByAFreshOne() {
		HttpResponse<String> response = send(request("metadata").header("X-Request-Id", "bad id; with spaces"));
		assertThat(response.headers().firstValue("X-Request-Id"))
				.hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9]{16}"));
	}

	@Test
	void everyResponseGetsARequestIdEvenErrorsAndActuator() {
		assertThat(send(request("Patient/a!b")).headers().firstValue("X-Request-Id")).isPresent();
		assertThat(send(request(actuator("health"))).headers().firstValue("X-Request-Id")).isPresent();
		HttpResponse<String> one = send(request("metadata"));
		HttpResponse<String> two = send(request("metadata"));
		assertThat(one.headers().firstValue("X-Request-Id")).isNotEqualTo(two.headers().firstValue("X-Request-Id"));
	}
}

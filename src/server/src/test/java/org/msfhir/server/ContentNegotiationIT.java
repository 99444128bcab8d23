package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.FHIR_XML;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;

/** JSON and XML, gzip in both directions, CORS, and the CapabilityStatement's software entry. */
class ContentNegotiationIT extends PostgresIntegrationTest {

	@Autowired
	private BuildProperties build;

	@Test
	void xmlIsAcceptedAndReturnedOnRequest() {
		HttpResponse<String> created = send(request("Patient")
				.header("Content-Type", FHIR_XML)
				.header("Accept", FHIR_XML)
				.POST(body("<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Xml\"/></name></Patient>")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(FHIR_XML));
		Patient patient = parse(created, Patient.class);
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Xml");

		HttpResponse<String> asJson = send(request("Patient/" + patient.getIdElement().getIdPart())
				.header("Accept", FHIR_JSON));
		assertThat(asJson.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(FHIR_JSON));
		assertThat(asJson.body()).startsWith("{").contains("\"family\":\"Xml\"");

		HttpResponse<String> viaFormat = send(request("Patient/" + patient.getIdElement().getIdPart() + "?_format=xml"));
		assertThat(viaFormat.body()).startsWith("<Patient xmlns=\"http://hl7.org/fhir\">");
	}

	@Test
	void responsesAreGzippedWhenTheClientAcceptsIt() throws IOException, InterruptedException {
		HttpResponse<byte[]> response = http.send(
				request("metadata").header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
		String body = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
				StandardCharsets.UTF_8);
		assertThat(body).contains("\"resourceType\":\"CapabilityStatement\"");

		HttpResponse<String> plain = send(request("metadata"));
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void gzippedRequestBodiesAreUnpacked() throws IOException {
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
			gzip.write("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Gzip\"}]}".getBytes(StandardCharsets.UTF_8));
		}
		HttpResponse<String> created = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(parse(created, Patient.class).getNameFirstRep().getFamily()).isEqualTo("Gzip");
	}

	@Test
	void corsPreflightAllowsBrowserAppsToWrite() {
		HttpResponse<String> preflight = send(request("Patient")
				.header("Origin", "https://app.example.org")
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "content-type,authorization")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.org");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
				.contains("content-type").contains("authorization");
	}

	@Test
	void corsHeadersAreOnActualRequests() {
		HttpResponse<String> response = send(request("metadata").header("Origin", "https://app.example.org"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.org");
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
				.contains("Location").contains("ETag").contains("X-Request-Id");

		HttpResponse<String> sameOrigin = send(request("metadata"));
		assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void capabilityStatementNamesTheSoftwareAndItsBuildVersion() {
		CapabilityStatement capabilities = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getSoftware().getName()).isEqualTo("MS FHIR Server");
		assertThat(capabilities.getSoftware().getVersion()).isEqualTo(build.getVersion()).isNotBlank();
		assertThat(build.getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getRestFirstRep().getResource())
				.anyMatch(r -> r.getType().equals("Patient"))
				.anyMatch(r -> r.getType().equals("Observation"));
	}
}

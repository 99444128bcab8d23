package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.FHIR_XML;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.diagnostics;
import static org.msfhir.support.Http.unique;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad input gets a 4xx with an OperationOutcome that says what is wrong, never a 500 or an HTML
 * page. Each refusal has its good counterpart next to it (or in the other ITs).
 */
class BadInputIT extends PostgresIntegrationTest {

	@Autowired
	private FhirServerProperties properties;

	@Test
	void malformedJsonIs400WithTheParserPosition() {
		HttpResponse<String> response = post("Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",");
		assertOutcome(response, 400, "Failed to parse request body as JSON resource");
		assertThat(diagnostics(response)).contains("line: 1");
	}

	@Test
	void malformedXmlIs400() {
		HttpResponse<String> response =
				post("Patient", FHIR_XML, "<Patient xmlns=\"http://hl7.org/fhir\"><name>");
		assertOutcome(response, 400, "Failed to parse request body as XML resource");
	}

	@Test
	void jsonThatIsNotTheResourceTypeOfTheUrlIs400() {
		HttpResponse<String> response = post("Patient", FHIR_JSON, "{\"resourceType\":\"Observation\",\"status\":\"final\"}");
		assertOutcome(response, 400, "Observation");
	}

	@Test
	void unknownResourceTypeIs404() {
		assertOutcome(send(request("Foo")), 404, "Unknown resource type 'Foo'");
		assertOutcome(post("Foo", FHIR_JSON, "{\"resourceType\":\"Foo\"}"), 404, "Unknown resource type 'Foo'");
	}

	@Test
	void unknownSearchParameterIs400AndNamesIt() {
		HttpResponse<String> response = send(request("Patient?favourite-colour=blue"));
		assertOutcome(response, 400, "Unknown search parameter \"favourite-colour\"");
		assertThat(send(request("Patient?family=nobody-" + unique("x"))).statusCode()).isEqualTo(200);
	}

	@Test
	void wrongContentTypeIs415() {
		HttpResponse<String> text = post("Patient", "text/plain", "{\"resourceType\":\"Patient\"}");
		assertOutcome(text, 415, "Content-Type 'text/plain' is not supported");
		HttpResponse<String> none = send(request("Patient").POST(body("{\"resourceType\":\"Patient\"}")));
		assertOutcome(none, 415, "without Content-Type");
		HttpResponse<String> plainJson = post("Patient", "application/json; charset=UTF-8", "{\"resourceType\":\"Patient\"}");
		assertThat(plainJson.statusCode()).isEqualTo(201);
	}

	@Test
	void wrongContentTypeForPatchIs415() {
		HttpResponse<String> created = post("Patient", FHIR_JSON, "{\"resourceType\":\"Patient\"}");
		String id = org.msfhir.support.Http.parse(created, org.hl7.fhir.r4.model.Patient.class).getIdElement().getIdPart();
		HttpResponse<String> response = send(request("Patient/" + id)
				.header("Content-Type", "text/plain")
				.method("PATCH", body("[{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]")));
		assertOutcome(response, 415, "not supported for PATCH");
	}

	@Test
	void binaryStillTakesAnyContentType() {
		HttpResponse<String> response = post("Binary", "text/plain", "plain text is what a Binary holds");
		assertThat(response.statusCode()).isEqualTo(201);
	}

	@Test
	void invalidIdsAre400() {
		assertOutcome(send(request("Patient/a!b")), 400, "Invalid resource id 'a!b'");
		String tooLong = "a".repeat(65);
		assertOutcome(send(request("Patient/" + tooLong)), 400, "Invalid resource id '" + tooLong + "'");
		HttpResponse<String> put = send(request("Patient/bad_id")
				.header("Content-Type", FHIR_JSON)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"bad_id\"}")));
		assertOutcome(put, 400, "Invalid resource id 'bad_id'");
		HttpResponse<String> numeric = send(request("Patient/987654321")
				.header("Content-Type", FHIR_JSON)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"987654321\"}")));
		assertOutcome(numeric, 400, "clients may only assign IDs which contain at least one non-numeric character");
		HttpResponse<String> mismatch = send(request("Patient/abc-1")
				.header("Content-Type", FHIR_JSON)
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"abc-2\"}")));
		assertOutcome(mismatch, 400, "does not match URL ID");
	}

	@Test
	void readOfAValidButUnknownIdIs404() {
		assertOutcome(send(request("Patient/" + unique("none"))), 404, "is not known");
	}

	@Test
	void bodyAboveTheCapIs413WithContentLengthAndWhenChunked() {
		long cap = properties.maxRequestSize().toBytes();
		String big = patientWithText((int) cap + 1024);

		HttpResponse<String> declared = post("Patient", FHIR_JSON, big);
		assertOutcome(declared, 413, "larger than the server's limit of " + cap + " bytes");

		HttpResponse<String> chunked = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.POST(chunked(big)));
		assertOutcome(chunked, 413, "larger than the server's limit");
	}

	@Test
	void bodyBelowTheCapIsAcceptedWithContentLengthAndWhenChunked() {
		long cap = properties.maxRequestSize().toBytes();
		String fits = patientWithText((int) cap - 4096);
		assertThat(post("Patient", FHIR_JSON, fits).statusCode()).isEqualTo(201);
		HttpResponse<String> chunked = send(request("Patient").header("Content-Type", FHIR_JSON).POST(chunked(fits)));
		assertThat(chunked.statusCode()).isEqualTo(201);
	}

	@Test
	void gzipBodyThatExpandsAboveTheCapIs413() throws IOException {
		long cap = properties.maxRequestSize().toBytes();
		byte[] packed = gzip(patientWithText((int) cap * 4));
		assertThat((long) packed.length).isLessThan(cap);
		HttpResponse<String> response = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(packed)));
		assertOutcome(response, 413, "larger than the server's limit of " + cap + " bytes once decompressed");
	}

	@Test
	void bodyThatClaimsGzipButIsNotIs400() {
		HttpResponse<String> response = send(request("Patient")
				.header("Content-Type", FHIR_JSON)
				.header("Content-Encoding", "gzip")
				.POST(body("{\"resourceType\":\"Patient\"}")));
		assertOutcome(response, 400, "not valid gzip data");
	}

	@Test
	void referenceToAMissingResourceIs400AndNamesIt() {
		String missing = unique("gone");
		HttpResponse<String> response = post("Observation", FHIR_JSON, """
				{"resourceType":"Observation","status":"final","code":{"text":"x"},
				 "subject":{"reference":"Patient/%s"}}""".formatted(missing));
		assertOutcome(response, 400, "Resource Patient/" + missing + " not found, specified in path: Observation.subject");
		Bundle stored = client().search().byUrl("Observation?subject=Patient/" + missing).returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void ifMatchThatIsNotAVersionIs400() {
		HttpResponse<String> response = send(request("Patient/some-patient")
				.header("Content-Type", FHIR_JSON)
				.header("If-Match", "nonsense")
				.PUT(body("{\"resourceType\":\"Patient\",\"id\":\"some-patient\"}")));
		assertOutcome(response, 400, "Invalid If-Match header 'nonsense'");
	}

	@Test
	void brokenPercentEscapeInTheQueryIs400() throws IOException {
		String raw = rawGet("/fhir/Patient?name=%zz");
		assertThat(raw).startsWith("HTTP/1.1 400").contains("application/fhir+json")
				.contains("'%' that is not followed by two hexadecimal digits");
		assertThat(send(request("Patient?name=%41da")).statusCode()).isEqualTo(200);
	}

	/**
	 * Java's HTTP client cannot send a URL with a broken escape, so this one request goes over a
	 * plain socket (without the authentication of {@code request()}: the filter that refuses it runs
	 * before any authentication).
	 */
	private String rawGet(String pathAndQuery) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void urlsTheContainerRefusesGetAnOperationOutcomeNotAnHtmlPage() {
		HttpResponse<String> response = send(request("Pat%00ient"));
		assertOutcome(response, 400, "could not read the request line or URL");
	}

	@Test
	void unknownPathsOutsideTheFhirBaseGetAnOperationOutcome() {
		HttpResponse<String> response = send(request("http://localhost:" + port + "/no-such-page"));
		assertOutcome(response, 404, "nothing at /no-such-page");
	}

	@Test
	void unknownOperationUnderTheFhirBaseIs4xx() {
		HttpResponse<String> response = send(request("Patient/$no-such-operation"));
		assertThat(response.statusCode()).isBetween(400, 404);
		assertThat(diagnostics(response)).contains("$no-such-operation");
	}

	private void assertOutcome(HttpResponse<String> response, int status, String diagnosticsText) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("fhir"));
		assertThat(diagnostics(response)).contains(diagnosticsText);
		assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:");
	}

	private HttpResponse<String> post(String path, String contentType, String text) {
		return send(request(path).header("Content-Type", contentType).POST(body(text)));
	}

	private static byte[] gzip(String text) throws IOException {
		java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(packed)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return packed.toByteArray();
	}

	private static HttpRequest.BodyPublisher chunked(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		// No known length, so the client sends Transfer-Encoding: chunked.
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
	}

	private static String patientWithText(int size) {
		String prefix = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">";
		String suffix = "</div>\"}}";
		return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
	}
}

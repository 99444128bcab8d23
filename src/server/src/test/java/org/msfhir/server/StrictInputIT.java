package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.FHIR_XML;
import static org.msfhir.support.Http.diagnostics;
import static org.msfhir.support.Http.parse;
import static org.msfhir.support.Http.unique;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Request bodies and search parameters are stored as sent or refused: an element FHIR does not
 * define, a NUL character or bytes that are not UTF-8 get 400 with an OperationOutcome naming the
 * element or the byte offset (never a silent drop or replacement). Each refusal sits next to the
 * good case it must not disturb. The lenient mode ({@code hapi.fhir.parser.unknown-elements: WARN})
 * is covered by {@code RequestParserErrorHandlerTest}, so this class keeps the shared context.
 */
class StrictInputIT extends PostgresIntegrationTest {

	@Autowired
	private DataSource dataSource;

	// --- unknown elements ---

	@Test
	void unknownJsonElementIsRefusedAndNamed() {
		HttpResponse<String> refused = post("Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}");
		assertOutcome(refused, 400, "Unknown element 'Patient.favouriteColour'");

		String family = unique("Known");
		HttpResponse<String> accepted = post("Patient", FHIR_JSON,
				"{\"resourceType\":\"Patient\",\"gender\":\"female\",\"name\":[{\"family\":\"" + family + "\"}]}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		assertThat(parse(accepted, Patient.class).getNameFirstRep().getFamily()).isEqualTo(family);
	}

	@Test
	void unknownNestedJsonElementIsRefusedAndNamed() {
		HttpResponse<String> refused = post("Patient", FHIR_JSON,
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"X\",\"nickname\":\"Y\"}]}");
		assertOutcome(refused, 400, "Unknown element 'Patient.name[0].nickname'");
	}

	@Test
	void unknownXmlElementAndAttributeAreRefusedAndNamed() {
		HttpResponse<String> element = post("Patient", FHIR_XML,
				"<Patient xmlns=\"http://hl7.org/fhir\"><favouriteColour value=\"blue\"/></Patient>");
		assertOutcome(element, 400, "Unknown element 'Patient.favouriteColour'");
		HttpResponse<String> attribute = post("Patient", FHIR_XML,
				"<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\" colour=\"blue\"/></Patient>");
		assertOutcome(attribute, 400, "Unknown attribute 'Patient.gender@colour'");

		HttpResponse<String> accepted = post("Patient", FHIR_XML,
				"<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"/></Patient>");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
	}

	@Test
	void unknownElementInAnyBundleEntryRefusesTheWholeTransaction() {
		String family = unique("Bundle");
		String bundle = transaction(
				patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}"),
				patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}],\"favouriteColour\":\"blue\"}"));
		assertOutcome(post("", FHIR_JSON, bundle), 400, "Unknown element 'Bundle.entry[1].resource.favouriteColour'");
		assertThat(countFamily(family)).as("no entry of the refused bundle is stored").isZero();

		String good = transaction(patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}"));
		HttpResponse<String> accepted = post("", FHIR_JSON, good);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat(countFamily(family)).isEqualTo(1);
	}

	@Test
	void unknownElementInAnXmlBundleEntryIsRefused() {
		String bundle = "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/><entry><resource>"
				+ "<Patient><favouriteColour value=\"blue\"/></Patient></resource>"
				+ "<request><method value=\"POST\"/><url value=\"Patient\"/></request></entry></Bundle>";
		assertOutcome(post("", FHIR_XML, bundle), 400, "Unknown element 'Bundle.entry.resource.Patient.favouriteColour'");
		HttpResponse<String> accepted = post("", FHIR_XML, bundle.replace("<favouriteColour value=\"blue\"/>", "<active value=\"true\"/>"));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
	}

	// --- NUL ---

	@Test
	void nulEscapeInJsonIsRefusedWithItsOffset() {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}";
		assertOutcome(post("Patient", FHIR_JSON, body), 400, "NUL character (\\u0000) at byte offset " + body.indexOf("\\u0000"));

		// An escaped backslash followed by "u0000" is six ordinary characters, not a NUL.
		String family = unique("a\\\\u0000b");
		HttpResponse<String> accepted = post("Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		assertThat(parse(accepted, Patient.class).getNameFirstRep().getFamily()).isEqualTo(family.replace("\\\\", "\\"));
	}

	@Test
	void rawNulByteIsRefusedInJsonAndXml() {
		byte[] json = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a_b\"}]}".getBytes(StandardCharsets.UTF_8);
		int offset = indexOf(json, (byte) '_');
		json[offset] = 0;
		assertOutcome(postBytes("Patient", FHIR_JSON, json), 400, "NUL character at byte offset " + offset);

		byte[] xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"a_b\"/></name></Patient>".getBytes(StandardCharsets.UTF_8);
		int xmlOffset = indexOf(xml, (byte) '_');
		xml[xmlOffset] = 0;
		assertOutcome(postBytes("Patient", FHIR_XML, xml), 400, "byte offset " + xmlOffset);
		assertOutcome(post("Patient", FHIR_XML, "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"a&#0;b\"/></name></Patient>"),
				400, "NUL character");
	}

	@Test
	void nulInABundleEntryRefusesTheBundle() {
		String family = unique("Nul");
		String bundle = transaction(
				patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}"),
				patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\\u0000\"}]}"));
		assertOutcome(post("", FHIR_JSON, bundle), 400, "NUL character");
		assertThat(countFamily(family)).isZero();
	}

	@Test
	void postgresqlCannotStoreNulWhichIsWhyItIsRefusedAtTheDoor() throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS text)")) {
			statement.setString(1, "a\u0000b");
			assertThatThrownBy(statement::executeQuery).hasMessageContaining("invalid byte sequence for encoding \"UTF8\": 0x00");
			statement.setString(1, "ab");
			assertThat(statement.executeQuery().next()).isTrue();
		}
	}

	// --- UTF-8 ---

	@Test
	void invalidUtf8IsRefusedWithItsOffsetInJsonAndXml() {
		byte[] json = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"M_ller\"}]}".getBytes(StandardCharsets.ISO_8859_1);
		int offset = indexOf(json, (byte) '_');
		json[offset] = (byte) 0xFC; // 'ü' in Latin-1: not UTF-8
		assertOutcome(postBytes("Patient", FHIR_JSON, json), 400, "not valid UTF-8: invalid byte 0xFC at byte offset " + offset);

		byte[] xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"M_ller\"/></name></Patient>".getBytes(StandardCharsets.ISO_8859_1);
		int xmlOffset = indexOf(xml, (byte) '_');
		xml[xmlOffset] = (byte) 0xFC;
		assertOutcome(postBytes("Patient", FHIR_XML, xml), 400, "byte offset " + xmlOffset);

		String family = unique("Müller");
		HttpResponse<String> accepted = postBytes("Patient", FHIR_JSON,
				("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}").getBytes(StandardCharsets.UTF_8));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		assertThat(parse(accepted, Patient.class).getNameFirstRep().getFamily()).isEqualTo(family);
	}

	@Test
	void invalidUtf8InABundleEntryRefusesTheBundle() throws Exception {
		String family = unique("Utf");
		ByteArrayOutputStream bundle = new ByteArrayOutputStream();
		bundle.write(transaction(patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}"),
				patientEntry("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "_\"}]}")).getBytes(StandardCharsets.UTF_8));
		byte[] bytes = bundle.toByteArray();
		bytes[lastIndexOf(bytes, (byte) '_')] = (byte) 0xC3; // a lead byte followed by '"': truncated sequence
		assertOutcome(postBytes("", FHIR_JSON, bytes), 400, "not valid UTF-8");
		assertThat(countFamily(family)).isZero();
	}

	// --- search parameters ---

	@Test
	void searchParameterThatIsNotUtf8OrHasNulIsRefusedAndNamed() {
		assertOutcome(send(request("Patient?family=M%FCller")), 400, "search parameter 'family' is not valid UTF-8");
		assertOutcome(send(request("Patient?family=a%C3%28")), 400, "invalid byte 0xC3 at byte offset 1");
		assertOutcome(send(request("Patient?family=a%00b")), 400, "contains a NUL character (%00)");
		assertOutcome(send(request("Patient?fam%FFily=x")), 400, "search parameter name is not valid UTF-8");

		String family = unique("Müller");
		assertThat(post("Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}").statusCode())
				.isEqualTo(201);
		HttpResponse<String> found = send(request("Patient?family:exact=" + java.net.URLEncoder.encode(family, StandardCharsets.UTF_8)));
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(parse(found, Bundle.class).getEntry()).hasSize(1);
	}

	// --- helpers ---

	private int countFamily(String family) {
		HttpResponse<String> response = send(request("Patient?family:exact="
				+ java.net.URLEncoder.encode(family, StandardCharsets.UTF_8) + "&_summary=count").header("Cache-Control", "no-cache"));
		assertThat(response.statusCode()).isEqualTo(200);
		return parse(response, Bundle.class).getTotal();
	}

	private static String transaction(String... entries) {
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
	}

	private static String patientEntry(String patient) {
		return "{\"resource\":" + patient + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
	}

	private static int indexOf(byte[] bytes, byte b) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == b) return i;
		}
		throw new IllegalArgumentException("not found");
	}

	private static int lastIndexOf(byte[] bytes, byte b) {
		for (int i = bytes.length - 1; i >= 0; i--) {
			if (bytes[i] == b) return i;
		}
		throw new IllegalArgumentException("not found");
	}

	private void assertOutcome(HttpResponse<String> response, int status, String diagnosticsText) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("fhir"));
		assertThat(diagnostics(response)).contains(diagnosticsText);
	}

	private HttpResponse<String> post(String path, String contentType, String text) {
		return postBytes(path, contentType, text.getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> postBytes(String path, String contentType, byte[] body) {
		return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}
}

package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msfhir.support.MsTestData;

/**
 * The export driven the way a Bulk Data client does it: kick-off, polling that waits as long as
 * {@code Retry-After} says and shows {@code X-Progress}, the manifest, and authorised downloads, at
 * every level, plain and de-identified; downloads compressed when the client accepts gzip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkDataClientFlowIT extends BulkExportTestBase {

	private String groupId;

	@BeforeAll
	void createData() {
		String patient = client().create().resource(MsTestData.patient("Clientflow", "Cleo", "1990-02-02", "Sion"))
				.execute().getId().getIdPart();
		client().create().resource(MsTestData.edss(patient, 2.0, "2025-02-02")).execute();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + patient));
		groupId = client().create().resource(group).execute().getId().getIdPart();
	}

	/** Polls as a client does: waits Retry-After seconds between polls; returns the progress texts seen. */
	private JsonNode poll(String statusUrl, List<String> progress) {
		for (int i = 0; i < 120; i++) {
			HttpResponse<String> answer = send(request(statusUrl).GET());
			if (answer.statusCode() == 200) {
				try {
					return json.readTree(answer.body());
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202); // never 429 when Retry-After is honoured
			answer.headers().firstValue("X-Progress").ifPresent(progress::add);
			long seconds = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
			sleep(seconds * 1000);
		}
		throw new AssertionError("export did not finish: " + statusUrl);
	}

	@ParameterizedTest
	@ValueSource(strings = {"$export?_type=Patient,Observation", "Patient/$export", "GROUP"})
	void plainAndDeidentifiedAtEveryLevel(String kickOffPath) {
		String path = kickOffPath.equals("GROUP") ? "Group/" + groupId + "/$export" : kickOffPath;
		for (boolean deidentify : new boolean[] {false, true}) {
			String query = path + (deidentify ? (path.contains("?") ? "&" : "?") + "deidentify=true" : "");
			List<String> progress = new ArrayList<>();
			JsonNode manifest = poll(statusUrl(kickOff(query)), progress);
			assertThat(progress).allSatisfy(p -> assertThat(p).matches("\\d{1,3}% - .+"));
			assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
			assertThat(manifest.has("extension")).isEqualTo(deidentify);
			assertThat(manifest.get("output").findValuesAsText("type")).contains("Patient", "Observation");
			for (JsonNode output : manifest.get("output")) {
				String url = output.get("url").asText();
				assertThat(send(anonymousRequest(url).GET()).statusCode()).isEqualTo(401);
				List<String> lines = downloadLines(url);
				assertThat(lines).hasSize(output.get("count").asInt());
			}
		}
	}

	@Test
	void downloadsAreGzippedWhenTheClientAcceptsIt() throws IOException {
		JsonNode manifest = poll(statusUrl(kickOff("Group/" + groupId + "/$export")), new ArrayList<>());
		String url = manifest.get("output").get(0).get("url").asText();
		String plain = send(request(url).GET()).body();
		HttpResponse<byte[]> zipped = sendBytes(url, "gzip, deflate");
		assertThat(zipped.statusCode()).isEqualTo(200);
		assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
		}
		HttpResponse<byte[]> refused = sendBytes(url, "gzip;q=0, identity");
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(plain);
	}

	private HttpResponse<byte[]> sendBytes(String url, String acceptEncoding) {
		try {
			return http.send(request(url).header("Accept-Encoding", acceptEncoding).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}

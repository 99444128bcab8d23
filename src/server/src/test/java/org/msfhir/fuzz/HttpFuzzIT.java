package org.msfhir.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.DataFormatException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * Fuzzing the running server over HTTP: mutated resource bodies (JSON, XML, transaction bundles),
 * search URLs, {@code $export} parameters and {@code $ms-cohort} bodies. The invariant: every answer
 * is a 2xx, or a 4xx with an OperationOutcome; never a 5xx, and never a hang (each request has a
 * timeout). Each target runs for {@code -Dfuzz.seconds} (default 4) with seed {@code -Dfuzz.seed};
 * inputs under {@code src/test/resources/fuzz/http-<target>/} are replayed first.
 */
class HttpFuzzIT extends PostgresIntegrationTest {

	private static final Duration PER_TARGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 4));
	// A fixed seed by default, so a build replays the same inputs; -Dfuzz.seed=<n> explores others.
	private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final List<String> RESOURCES = List.of(
			"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Fuzz\",\"given\":[\"A\"]}],\"gender\":\"female\",\"birthDate\":\"1980-02-03\"}",
			"{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
					+ "\"valueQuantity\":{\"value\":72,\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"},"
					+ "\"effectiveDateTime\":\"2024-03-01T10:00:00Z\",\"extension\":[{\"url\":\"http://example.org/x\",\"valueString\":\"y\"}]}",
			"{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
					+ "\"code\":\"active\"}]},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"24700007\"}]},"
					+ "\"subject\":{\"reference\":\"Patient/does-not-exist\"}}");
	private static final List<String> BUNDLES = List.of(
			"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:0b1c6a8e-1111-4a4b-9c9c-000000000001\","
					+ "\"resource\":" + RESOURCES.get(0) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
					+ "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
					+ "\"subject\":{\"reference\":\"urn:uuid:0b1c6a8e-1111-4a4b-9c9c-000000000001\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}",
			"{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"Patient?name=x&_count=2\"}},"
					+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/nope\"}}]}");
	private static final List<String> XML = List.of(
			"<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Fuzz\"/></name><gender value=\"male\"/></Patient>",
			"<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"x\"/></code>"
					+ "<valueString value=\"a&amp;b\"/></Observation>");
	private static final List<String> SEARCHES = List.of(
			"Patient?name=smith&_count=5&_sort=-birthdate", "Observation?code=http://loinc.org|8867-4&date=ge2020-01-01&_include=Observation:subject",
			"Condition?subject=Patient/1&_revinclude=Observation:subject&_summary=count", "Observation?value-quantity=gt5|http://unitsofmeasure.org|/min",
			"Patient?_has:Observation:subject:code=1234-5&_elements=name,gender", "Observation/$lastn?max=2&category=vital-signs",
			"Patient?birthdate=lt1990&_total=accurate&_format=json", "Observation?subject:Patient.name=x&_lastUpdated=gt2024");
	private static final List<String> EXPORTS = List.of(
			"$export?_type=Patient,Observation&_since=2024-01-01T00:00:00Z",
			"$export?_outputFormat=application/fhir%2Bndjson&_typeFilter=Observation%3Fcode%3D1234-5",
			"Patient/$export?_elements=Patient.name&patient=Patient/1", "$export?deidentify=true&_type=Condition");
	private static final List<String> COHORTS = List.of(
			"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"diagnosis\",\"valueCoding\":{\"system\":\"http://snomed.info/sct\","
					+ "\"code\":\"24700007\"}},{\"name\":\"edss-min\",\"valueDecimal\":3}]}",
			"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"medication\",\"valueCoding\":{\"system\":\"http://www.whocc.no/atc\","
					+ "\"code\":\"L04AE\"}},{\"name\":\"age-min\",\"valueInteger\":18},{\"name\":\"evaluation-date\",\"valueDate\":\"2025-01-01\"}]}");

	@Test
	void resourceBodiesInJson() {
		fuzz("json", RESOURCES, body -> post(typeOf(body), "application/fhir+json", body));
	}

	@Test
	void resourceBodiesInXml() {
		fuzz("xml", XML, body -> post(new String(body, StandardCharsets.ISO_8859_1).contains("<Observation") ? "Observation" : "Patient", "application/fhir+xml", body));
	}

	@Test
	void transactionAndBatchBundles() {
		fuzz("bundle", BUNDLES, body -> post("", "application/fhir+json", body));
	}

	@Test
	void searchUrls() {
		fuzz("search", SEARCHES, url -> request(safeUrl(url)).GET());
	}

	@Test
	void bulkExportParameters() {
		fuzz("export", EXPORTS, query -> request(safeUrl(query)).header("Prefer", "respond-async").GET());
	}

	@Test
	void cohortCriteria() {
		fuzz("cohort", COHORTS, body -> post("Group/$ms-cohort", "application/fhir+json", body));
	}

	private void fuzz(String target, List<String> seeds, Function<byte[], HttpRequest.Builder> request) {
		List<byte[]> inputs = new ArrayList<>(FuzzCorpus.inputs("http-" + target));
		seeds.forEach(s -> inputs.add(s.getBytes(StandardCharsets.UTF_8)));
		List<byte[]> seedBytes = seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
		Random random = new Random(SEED ^ target.hashCode());
		long end = System.nanoTime() + PER_TARGET.toNanos();
		int sent = 0;
		for (int i = 0; i < inputs.size() || System.nanoTime() < end; i++) {
			byte[] input = i < inputs.size() ? inputs.get(i)
					: Mutator.mutate(seedBytes.get(random.nextInt(seedBytes.size())), seedBytes, random, 4);
			HttpRequest.Builder builder;
			try {
				builder = request.apply(input).timeout(TIMEOUT);
			} catch (IllegalArgumentException e) {
				continue; // not a URL the client can even send
			}
			HttpResponse<String> response;
			try {
				response = send(builder);
			} catch (RuntimeException e) {
				throw new AssertionError(target + ": no answer (hang or dropped connection) for input kept in "
						+ FuzzCorpus.keepFinding("http-" + target, input), e);
			}
			sent++;
			int status = response.statusCode();
			if (status >= 500 || (status >= 400 && !isOperationOutcome(response))) {
				throw new AssertionError(target + ": HTTP " + status + " for input kept in "
						+ FuzzCorpus.keepFinding("http-" + target, input) + ": " + response.body());
			}
		}
		System.out.printf("[fuzz] %s: %d requests, seed %d%n", target, sent, SEED);
		assertThat(sent).isGreaterThanOrEqualTo(seeds.size());
	}

	private boolean isOperationOutcome(HttpResponse<String> response) {
		try {
			String body = response.body().stripLeading();
			var parser = body.startsWith("<") ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
			return parser.parseResource(body) instanceof OperationOutcome;
		} catch (DataFormatException e) {
			return false;
		}
	}

	private HttpRequest.Builder post(String path, String contentType, byte[] body) {
		return request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static String typeOf(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return text.contains("\"Observation\"") ? "Observation" : text.contains("\"Condition\"") ? "Condition" : "Patient";
	}

	/**
	 * A fuzzed path and query as the client can send it: bytes that may not appear in a URL are
	 * percent-encoded (a raw space or control character would be refused by the client itself).
	 */
	static String safeUrl(byte[] raw) {
		return safeUrl(new String(raw, StandardCharsets.ISO_8859_1));
	}

	static String safeUrl(String raw) {
		StringBuilder url = new StringBuilder();
		for (char c : raw.toCharArray()) {
			if (c > 0x20 && c < 0x7F && "\"<>\\^`{}| ".indexOf(c) < 0) {
				url.append(c);
			} else {
				url.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.ISO_8859_1).replace("+", "%20"));
			}
		}
		URI.create("http://x/" + url); // throws IllegalArgumentException if still not a URI
		return url.toString();
	}
}

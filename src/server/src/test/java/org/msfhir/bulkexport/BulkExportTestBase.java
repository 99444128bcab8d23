package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.support.PostgresIntegrationTest;

/** Kick-off, polling and download helpers shared by the bulk export integration tests. */
abstract class BulkExportTestBase extends PostgresIntegrationTest {

	protected final ObjectMapper json = new ObjectMapper();

	/** GET kick-off; returns the response (202 expected for good requests). */
	protected HttpResponse<String> kickOff(String pathAndQuery) {
		return send(request(pathAndQuery)
				.header("Prefer", "respond-async")
				.header("Accept", "application/fhir+json")
				.GET());
	}

	/** POST kick-off with a Parameters body. */
	protected HttpResponse<String> kickOffPost(String path, Parameters parameters) {
		return send(request(path)
				.header("Prefer", "respond-async")
				.header("Accept", "application/fhir+json")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(
						fhirContext.newJsonParser().encodeResourceToString(parameters))));
	}

	/** The status URL of an accepted kick-off. */
	protected String statusUrl(HttpResponse<String> kickOff) {
		assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
		String location = kickOff.headers().firstValue("Content-Location").orElseThrow();
		assertThat(location).startsWith(baseUrl() + "/");
		return location;
	}

	/** Polls (respecting Retry-After loosely) until the manifest arrives; fails after 60 s. */
	protected JsonNode awaitManifest(String statusUrl) {
		long deadline = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < deadline) {
			HttpResponse<String> poll = send(request(statusUrl).GET());
			if (poll.statusCode() == 200) {
				assertThat(poll.headers().firstValue("Expires")).isPresent();
				try {
					return json.readTree(poll.body());
				} catch (java.io.IOException e) {
					throw new IllegalStateException(e);
				}
			}
			assertThat(poll.statusCode()).as(poll.body()).isIn(202, 429);
			sleep(350);
		}
		return fail("export did not finish within 60 s: " + statusUrl);
	}

	/** Downloads every output file of the manifest: type -> parsed resources. */
	protected Map<String, List<IBaseResource>> downloadAll(JsonNode manifest) {
		Map<String, List<IBaseResource>> byType = new LinkedHashMap<>();
		for (JsonNode output : manifest.get("output")) {
			List<IBaseResource> resources = new ArrayList<>();
			for (String line : downloadLines(output.get("url").asText())) {
				resources.add(fhirContext.newJsonParser().parseResource(line));
			}
			assertThat(resources).hasSize(output.get("count").asInt());
			byType.put(output.get("type").asText(), resources);
		}
		return byType;
	}

	protected List<String> downloadLines(String url) {
		HttpResponse<String> file = send(request(url).header("Accept", "application/fhir+ndjson").GET());
		assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+ndjson");
		return file.body().lines().filter(l -> !l.isBlank()).toList();
	}

	protected static List<String> ids(List<IBaseResource> resources) {
		return resources == null
				? List.of()
				: resources.stream().map(r -> r.getIdElement().getIdPart()).toList();
	}

	protected static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A token of another client, as the server's authorization server would issue it. */
	protected String tokenOf(String clientId, String scopes) {
		return tokenIssuer.issue(new AccessTokenIssuer.TokenGrant(
				baseUrl(), baseUrl(), clientId, null, scopes, null, null, null, null)).getTokenValue();
	}

	protected HttpRequest.Builder as(String token, String pathOrUrl) {
		return anonymousRequest(pathOrUrl).header("Authorization", "Bearer " + token);
	}

	/** GET kick-off with another client's token. */
	protected HttpResponse<String> kickOffAs(String token, String pathAndQuery) {
		return send(as(token, pathAndQuery).header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
	}

	protected JsonNode awaitManifestAs(String token, String status) {
		for (int i = 0; i < 150; i++) {
			HttpResponse<String> poll = send(as(token, status).GET());
			if (poll.statusCode() == 200) {
				try {
					return json.readTree(poll.body());
				} catch (java.io.IOException e) {
					throw new IllegalStateException(e);
				}
			}
			assertThat(poll.statusCode()).as(poll.body()).isIn(202, 429);
			sleep(400);
		}
		throw new AssertionError("export did not finish: " + status);
	}

	protected Map<String, List<IBaseResource>> downloadAllAs(String token, JsonNode manifest) {
		Map<String, List<IBaseResource>> byType = new LinkedHashMap<>();
		for (JsonNode output : manifest.get("output")) {
			HttpResponse<String> file = send(as(token, output.get("url").asText()).GET());
			assertThat(file.statusCode()).isEqualTo(200);
			byType.put(output.get("type").asText(), file.body().lines().filter(l -> !l.isBlank())
					.map(l -> (IBaseResource) fhirContext.newJsonParser().parseResource(l)).toList());
		}
		return byType;
	}
}

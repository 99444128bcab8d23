package org.msfhir.security.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.msfhir.support.PostgresIntegrationTest;

/** Helpers shared by the authorization server tests: forms, JSON, admin API calls. */
abstract class OAuthTestSupport extends PostgresIntegrationTest {

	protected static final ObjectMapper JSON = new ObjectMapper();

	protected String authUrl(String path) {
		return "http://localhost:" + port + "/auth/" + path;
	}

	protected String tokenUrl() {
		return authUrl("token");
	}

	protected static String form(Map<String, String> params) {
		return params.entrySet().stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
	}

	protected static Map<String, String> params(String... keyValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put(keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

	protected HttpResponse<String> postForm(String url, Map<String, String> params) {
		return send(anonymousRequest(url)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params))));
	}

	protected static JsonNode json(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body());
		} catch (Exception e) {
			throw new AssertionError("not JSON: " + response.body(), e);
		}
	}

	/** Calls the admin API with a token carrying {@code msfhir/admin}. */
	protected HttpResponse<String> admin(String path, Object body) {
		try {
			return send(anonymousRequest(authUrl("admin/" + path))
					.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Registers a resource server that may introspect any client's tokens; returns its Basic header value. */
	protected String introspectingClient() {
		return confidentialClient("system/*.rs " + TokenEndpoint.SCOPE_INTROSPECT);
	}

	/** Registers a confidential client with the given scopes; returns its Basic header value. */
	protected String confidentialClient(String scope) {
		String id = unique("introspector");
		HttpResponse<String> created = admin("clients", Map.of(
				"client_id", id,
				"client_secret", "s3cret-" + id,
				"grant_types", java.util.List.of("client_credentials"),
				"scope", scope));
		if (created.statusCode() != 201) {
			throw new AssertionError(created.body());
		}
		return "Basic " + java.util.Base64.getEncoder()
				.encodeToString((id + ":s3cret-" + id).getBytes(StandardCharsets.UTF_8));
	}

	protected HttpResponse<String> introspect(String basic, String token) {
		return send(anonymousRequest(authUrl("introspect"))
				.header("Authorization", basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params("token", token)))));
	}
}

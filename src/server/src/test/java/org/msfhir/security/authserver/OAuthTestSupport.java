package org.msfhir.security.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.msfhir.support.PostgresIntegrationTest;

/** Helpers shared by the authorization server tests: forms, JSON, admin API calls, sign-in steps. */
abstract class OAuthTestSupport extends PostgresIntegrationTest {

	protected static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");

	/** A PKCE verifier and its S256 challenge. */
	record Pkce(String verifier, String challenge) {
		static Pkce create() {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/** The sign-in transaction id of a sign-in or patient-picker page. */
	protected static String txn(HttpResponse<String> page) {
		Matcher matcher = TXN.matcher(page.body());
		assertThat(matcher.find()).as("page has a transaction id: %s", page.body()).isTrue();
		return matcher.group(1);
	}

	/** The query parameters of the redirect back to the app, which must go to {@code redirect}. */
	protected static Map<String, String> callback(HttpResponse<String> response, String redirect) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(redirect + "?");
		Map<String, String> result = new HashMap<>();
		for (String pair : URI.create(location).getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			result.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
		}
		return result;
	}

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

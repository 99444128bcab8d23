package org.msfhir.tools.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens from an OAuth token endpoint with the {@code client_credentials} grant (SMART backend
 * services), authenticated with a client secret ({@code client_secret_basic}) or a signed assertion
 * ({@code private_key_jwt}). A token is renewed once most of its lifetime has passed (at the latest a
 * minute before it expires), and at once after the server refuses it. Thread-safe.
 */
public final class ClientCredentialsTokens implements TokenSource {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final URI tokenEndpoint;
	private final String clientId;
	private final String scope;
	private final ClientAuthentication authentication;
	private final HttpClient http;
	private final Clock clock;
	private String current;
	private Instant renewAt = Instant.MIN;
	private int issued;

	public ClientCredentialsTokens(URI tokenEndpoint, String clientId, String scope, ClientAuthentication authentication,
			Clock clock) {
		this.tokenEndpoint = tokenEndpoint;
		this.clientId = clientId;
		this.scope = scope;
		this.authentication = authentication;
		this.clock = clock;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
	}

	@Override
	public synchronized String token() {
		if (current == null || !clock.instant().isBefore(renewAt)) {
			renew();
		}
		return current;
	}

	@Override
	public synchronized boolean refused(String token) {
		if (token != null && token.equals(current)) {
			current = null;
		}
		return true;
	}

	/** Asks the token endpoint for a new token now, whatever the current one's lifetime; returns it. */
	public synchronized String renewNow() {
		renew();
		return current;
	}

	/** How many tokens this source has obtained so far. */
	public synchronized int tokensIssued() {
		return issued;
	}

	private void renew() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", scope);
		HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint)
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "application/json");
		authentication.apply(request, form, clientId, tokenEndpoint.toString());
		String body = form.entrySet().stream()
				.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
		Instant asked = clock.instant();
		HttpResponse<String> response = send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
		if (response.statusCode() != 200) {
			throw new AuthenticationException("token endpoint " + tokenEndpoint + " answered " + response.statusCode() + ": "
					+ abbreviate(response.body()));
		}
		try {
			JsonNode answer = JSON.readTree(response.body());
			String token = answer.path("access_token").asText("");
			if (token.isEmpty()) {
				throw new AuthenticationException("token endpoint " + tokenEndpoint + " returned no access_token");
			}
			long lifetime = answer.path("expires_in").asLong(300);
			current = token;
			renewAt = asked.plusSeconds(lifetime - renewalMargin(lifetime));
			issued++;
		} catch (IOException e) {
			throw new AuthenticationException("token endpoint " + tokenEndpoint + " returned no JSON: " + abbreviate(response.body()));
		}
	}

	/** Seconds before expiry to renew: a fifth of the lifetime, at most a minute. */
	static long renewalMargin(long lifetimeSeconds) {
		return Math.min(60, Math.max(1, lifetimeSeconds / 5));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new AuthenticationException("token endpoint " + tokenEndpoint + " not reachable: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AuthenticationException("interrupted while asking for a token");
		}
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}

	/** How the client proves who it is at the token endpoint. */
	public interface ClientAuthentication {

		void apply(HttpRequest.Builder request, Map<String, String> form, String clientId, String tokenEndpoint);

		/** {@code client_secret_basic}: the secret in an HTTP Basic header. */
		static ClientAuthentication secret(String secret) {
			return (request, form, clientId, endpoint) -> {
				String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
				request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
			};
		}

		/** {@code private_key_jwt}: a short-lived assertion signed with the client's private key. */
		static ClientAuthentication privateKeyJwt(ClientAssertion assertion) {
			return (request, form, clientId, endpoint) -> {
				form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
				form.put("client_assertion", assertion.sign(clientId, endpoint));
			};
		}
	}

	/** The tool could not get a token; the message says why (never the secret). */
	public static final class AuthenticationException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		public AuthenticationException(String message) {
			super(message);
		}
	}
}

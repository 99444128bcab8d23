package org.msfhir.security.authserver;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys of asymmetric clients: registered inline, or fetched from the client's JWKS URL
 * (cached for five minutes; fetched again early, at most every ten seconds, when a {@code kid} is
 * not found, so that a client can rotate its keys).
 */
public class ClientKeys {

	private static final Duration CACHE_TIME = Duration.ofMinutes(5);
	private static final Duration MIN_REFETCH = Duration.ofSeconds(10);
	private static final int MAX_JWKS_BYTES = 256 * 1024;

	private record Cached(JWKSet keys, Instant fetchedAt) {}

	private final HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	private final Map<String, Cached> cache = new ConcurrentHashMap<>();
	private final Clock clock;

	public ClientKeys(Clock clock) {
		this.clock = clock;
	}

	/** The client's key with this {@code kid}, if it has one. */
	public Optional<JWK> find(RegisteredClient client, String kid) {
		if (client.jwks() != null) {
			return Optional.ofNullable(client.jwks().getKeyByKeyId(kid));
		}
		if (client.jwksUri() == null) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		Cached cached = cache.get(client.jwksUri());
		if (cached == null || cached.fetchedAt().plus(CACHE_TIME).isBefore(now)) {
			cached = fetch(client.jwksUri());
		}
		JWK key = cached.keys().getKeyByKeyId(kid);
		if (key == null && cached.fetchedAt().plus(MIN_REFETCH).isBefore(now)) {
			key = fetch(client.jwksUri()).keys().getKeyByKeyId(kid);
		}
		return Optional.ofNullable(key);
	}

	private Cached fetch(String uri) {
		try {
			HttpResponse<byte[]> response = http.send(
					HttpRequest.newBuilder(URI.create(uri))
							.timeout(Duration.ofSeconds(5))
							.header("Accept", "application/json")
							.GET()
							.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200 || response.body().length > MAX_JWKS_BYTES) {
				throw OAuthException.invalidClient("The client's JWKS URL answered HTTP " + response.statusCode());
			}
			JWKSet keys = JWKSet.parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
			Cached fresh = new Cached(keys.toPublicJWKSet(), clock.instant());
			cache.put(uri, fresh);
			return fresh;
		} catch (IOException | ParseException e) {
			throw OAuthException.invalidClient("The client's JWKS URL could not be read: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw OAuthException.invalidClient("Interrupted while reading the client's JWKS URL");
		}
	}
}

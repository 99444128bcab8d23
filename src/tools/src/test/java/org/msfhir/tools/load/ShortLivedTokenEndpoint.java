package org.msfhir.tools.load;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msfhir.security.token.AccessTokenIssuer;

/**
 * A token endpoint for the tools' tests: checks the client's secret or its signed assertion, then
 * issues access tokens signed with the real server's key (so the server accepts them) but with a
 * lifetime of a few seconds, shorter than the load under test. The server's own endpoint issues
 * tokens for at least a second but the test context's setting is shared by all tests, so the short
 * lifetime lives here.
 */
final class ShortLivedTokenEndpoint implements AutoCloseable {

	private final HttpServer server;
	private final AccessTokenIssuer issuer;
	private final String fhirBase;
	private final String clientId;
	private final String secret;
	private final JWK publicKey;
	private final Duration lifetime;
	final List<String> issued = new CopyOnWriteArrayList<>();

	ShortLivedTokenEndpoint(AccessTokenIssuer issuer, String fhirBase, String clientId, String secret, JWK publicKey,
			Duration lifetime) throws IOException {
		this.issuer = issuer;
		this.fhirBase = fhirBase;
		this.clientId = clientId;
		this.secret = secret;
		this.publicKey = publicKey;
		this.lifetime = lifetime;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/token", this::token);
		server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		boolean authenticated = "client_credentials".equals(form.get("grant_type"))
				&& (secretMatches(exchange.getRequestHeaders().getFirst("Authorization")) || assertionValid(form));
		if (!authenticated) {
			respond(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		String token = issuer.issue(new AccessTokenIssuer.TokenGrant(
						fhirBase, fhirBase, clientId, null, form.get("scope"), null, null, null, null))
				.getTokenValue();
		issued.add(token);
		respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
				+ lifetime.toSeconds() + ",\"scope\":\"" + form.get("scope") + "\"}");
	}

	private boolean secretMatches(String authorization) {
		if (secret == null || authorization == null || !authorization.startsWith("Basic ")) {
			return false;
		}
		String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
		return pair.equals(clientId + ":" + secret);
	}

	private boolean assertionValid(Map<String, String> form) {
		if (publicKey == null || form.get("client_assertion") == null) {
			return false;
		}
		try {
			SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
			JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey.toECKey().toPublicKey());
			return jwt.verify(verifier)
					&& clientId.equals(jwt.getJWTClaimsSet().getIssuer())
					&& jwt.getJWTClaimsSet().getAudience().contains(uri().toString());
		} catch (Exception e) {
			return false;
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}

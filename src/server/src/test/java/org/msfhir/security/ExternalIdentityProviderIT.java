package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * External identity provider mode: the FHIR endpoint trusts another issuer's tokens, checked against
 * its JWKS, here served by a tiny HTTP server on localhost standing in for Keycloak or an EHR.
 *
 * <p>This class starts a second Spring context on purpose: {@code msfhir.security.mode=external}
 * replaces the embedded authorization server's beans and the token validation, which cannot be
 * switched inside the shared context. It is the only other context of the security tests (~25 s).
 */
class ExternalIdentityProviderIT extends PostgresIntegrationTest {

	private static final String ISSUER = "https://idp.hospital.example/realms/ms";
	private static final RSAKey IDP_KEY;
	private static final HttpServer JWKS_SERVER;

	static {
		try {
			IDP_KEY = new RSAKeyGenerator(2048).keyID("idp-" + UUID.randomUUID()).generate();
			JWKS_SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(IDP_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			JWKS_SERVER.createContext("/certs", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				exchange.getResponseBody().write(jwks);
				exchange.close();
			});
			JWKS_SERVER.start();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@DynamicPropertySource
	static void externalIssuer(DynamicPropertyRegistry registry) {
		registry.add("msfhir.security.mode", () -> "external");
		registry.add("msfhir.security.external.issuer", () -> ISSUER);
		registry.add("msfhir.security.external.jwks-uri",
				() -> "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort() + "/certs");
	}

	@Test
	void tokensOfTheTrustedIssuerAreAccepted() throws Exception {
		HttpResponse<String> response = get(token(IDP_KEY, ISSUER, baseUrl()));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void theSameScopeEnforcementApplies() throws Exception {
		HttpResponse<String> response = get(token(IDP_KEY, ISSUER, baseUrl(), "openid fhirUser"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("OperationOutcome");
	}

	@Test
	void otherIssuersKeysAndAudiencesAreRefused() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID(IDP_KEY.getKeyID()).generate();
		assertThat(get(token(stranger, ISSUER, baseUrl())).statusCode()).as("wrong key").isEqualTo(401);
		assertThat(get(token(IDP_KEY, "https://evil.example", baseUrl())).statusCode()).as("wrong issuer").isEqualTo(401);
		assertThat(get(token(IDP_KEY, ISSUER, "https://other.example/fhir")).statusCode()).as("wrong audience").isEqualTo(401);
		HttpResponse<String> none = send(anonymousRequest("Patient"));
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.body()).contains("OperationOutcome");
	}

	@Test
	void theEmbeddedAuthorizationServerIsOff() {
		HttpResponse<String> token = send(anonymousRequest("http://localhost:" + port + "/auth/token")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(token.statusCode()).isEqualTo(404);
		assertThat(tokenIssuer).isNull();
	}

	private HttpResponse<String> get(String token) {
		return send(anonymousRequest("Patient?_count=1").header("Authorization", "Bearer " + token));
	}

	private static String token(RSAKey key, String issuer, String audience) throws Exception {
		return token(key, issuer, audience, "user/*.rs");
	}

	private static String token(RSAKey key, String issuer, String audience, String scope) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.issuer(issuer)
				.audience(audience)
				.subject("nurse-1")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString())
				.claim("client_id", "ehr-app")
				.claim("scope", scope)
				.claim("fhirUser", "Practitioner/nurse-1")
				.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}
}

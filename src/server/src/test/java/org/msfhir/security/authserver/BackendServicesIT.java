package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMART Backend Services: client_credentials with a signed client assertion (RS384 with an inline
 * JWKS, ES384 with a JWKS URL), and every way an assertion must be refused. Also introspection and
 * revocation of the tokens obtained.
 */
class BackendServicesIT extends OAuthTestSupport {

	private static RSAKey rsaKey;
	private static ECKey ecKey;
	private static HttpServer jwksServer;
	private String rsaClient;
	private String ecClient;

	@BeforeAll
	static void keysAndJwksServer() throws Exception {
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-" + UUID.randomUUID()).generate();
		// The ES384 client publishes its keys at a URL, as many backend clients do.
		jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] jwks = new JWKSet(ecKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		jwksServer.createContext("/jwks.json", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		jwksServer.start();
	}

	@AfterAll
	static void stopJwksServer() {
		jwksServer.stop(0);
	}

	@BeforeEach
	void registerClients() {
		rsaClient = unique("backend-rsa");
		HttpResponse<String> rsa = admin("clients", Map.of(
				"client_id", rsaClient,
				"jwks", Map.of("keys", List.of(rsaKey.toPublicJWK().toJSONObject())),
				"scope", "system/*.rs system/Observation.cruds"));
		assertThat(rsa.statusCode()).as(rsa.body()).isEqualTo(201);
		assertThat(rsa.body()).contains("private_key_jwt").doesNotContain("\"n\"");
		ecClient = unique("backend-ec");
		HttpResponse<String> ec = admin("clients", Map.of(
				"client_id", ecClient,
				"jwks_uri", "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json",
				"scope", "system/*.rs"));
		assertThat(ec.statusCode()).as(ec.body()).isEqualTo(201);
	}

	@Test
	void rs384AssertionWithInlineKeysGetsAWorkingToken() throws Exception {
		HttpResponse<String> response = tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.rs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
		assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
		JsonNode body = json(response);
		assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(body.path("scope").asText()).isEqualTo("system/*.rs");
		assertThat(body.path("expires_in").asLong()).isBetween(1L, 3600L);
		assertThat(body.has("refresh_token")).isFalse();
		String token = body.path("access_token").asText();
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(baseUrl());
		assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo(rsaClient);
		HttpResponse<String> fhir = send(anonymousRequest("Patient?_count=1").header("Authorization", "Bearer " + token));
		assertThat(fhir.statusCode()).isEqualTo(200);
	}

	@Test
	void es384AssertionWithKeysFromAJwksUrlGetsAToken() throws Exception {
		HttpResponse<String> response = tokenRequest(assertion(ecClient, ecKey, JWSAlgorithm.ES384, tokenUrl(), 240, null), "system/*.rs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).path("access_token").asText()).isNotBlank();
	}

	@Test
	void aReplayedJtiIsRefused() throws Exception {
		String assertion = assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null);
		assertThat(tokenRequest(assertion, "system/*.rs").statusCode()).isEqualTo(200);
		assertInvalidClient(tokenRequest(assertion, "system/*.rs"), "jti");
	}

	@Test
	void anAssertionValidForMoreThanFiveMinutesIsRefused() throws Exception {
		assertInvalidClient(tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 600, null), "system/*.rs"),
				"5 minutes");
	}

	@Test
	void anExpiredAssertionIsRefused() throws Exception {
		assertInvalidClient(tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), -120, null), "system/*.rs"),
				"expired");
	}

	@Test
	void anUnknownKidIsRefused() throws Exception {
		RSAKey unknown = new RSAKeyGenerator(2048).keyID("not-registered").generate();
		assertInvalidClient(tokenRequest(assertion(rsaClient, unknown, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.rs"),
				"kid");
	}

	@Test
	void aMissingKidIsRefused() throws Exception {
		RSAKey noKid = new RSAKey.Builder(rsaKey).keyID(null).build();
		assertInvalidClient(tokenRequest(assertion(rsaClient, noKid, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.rs"), "kid");
	}

	@Test
	void theWrongAudienceIsRefused() throws Exception {
		assertInvalidClient(tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, baseUrl(), 240, null), "system/*.rs"),
				"aud");
	}

	@Test
	void aSignatureByAnotherKeyIsRefused() throws Exception {
		// Right kid, wrong private key: what a thief who knows only the kid would send.
		RSAKey impostor = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
		assertInvalidClient(tokenRequest(assertion(rsaClient, impostor, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.rs"),
				"signature");
	}

	@Test
	void rs256IsNotAccepted() throws Exception {
		assertInvalidClient(tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS256, tokenUrl(), 240, null), "system/*.rs"),
				"RS384 or ES384");
	}

	@Test
	void scopesAreLimitedToTheRegistration() throws Exception {
		HttpResponse<String> partly = tokenRequest(
				assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null),
				"system/Observation.rs system/Patient.cruds system/Observation.c");
		assertThat(partly.statusCode()).as(partly.body()).isEqualTo(200);
		assertThat(json(partly).path("scope").asText()).isEqualTo("system/Observation.rs system/Observation.c");

		HttpResponse<String> none = tokenRequest(
				assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.cruds");
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(json(none).path("error").asText()).isEqualTo("invalid_scope");
	}

	@Test
	void introspectionDescribesAnActiveTokenAndRevocationEndsIt() throws Exception {
		String token = json(tokenRequest(assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null), "system/*.rs"))
				.path("access_token").asText();
		String introspector = introspectingClient();

		HttpResponse<String> active = introspect(introspector, token);
		assertThat(active.statusCode()).isEqualTo(200);
		JsonNode info = json(active);
		assertThat(info.path("active").asBoolean()).isTrue();
		assertThat(info.path("scope").asText()).isEqualTo("system/*.rs");
		assertThat(info.path("client_id").asText()).isEqualTo(rsaClient);
		assertThat(info.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());

		// The owner revokes its token (authenticating with a fresh assertion).
		HttpResponse<String> revoked = postForm(authUrl("revoke"), params(
				"token", token,
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
				"client_assertion", assertion(rsaClient, rsaKey, JWSAlgorithm.RS384, tokenUrl(), 240, null)));
		assertThat(revoked.statusCode()).isEqualTo(200);

		assertThat(json(introspect(introspector, token)).path("active").asBoolean()).isFalse();
		HttpResponse<String> fhir = send(anonymousRequest("Patient").header("Authorization", "Bearer " + token));
		assertThat(fhir.statusCode()).isEqualTo(401);
		assertThat(fhir.body()).contains("revoked");
	}

	@Test
	void introspectionOfGarbageIsInactiveAndNeedsAConfidentialClient() {
		assertThat(json(introspect(introspectingClient(), "not-a-token")).path("active").asBoolean()).isFalse();
		HttpResponse<String> anonymous = postForm(authUrl("introspect"), params("token", "x"));
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> tokenRequest(String assertion, String scope) {
		return postForm(tokenUrl(), params(
				"grant_type", "client_credentials",
				"scope", scope,
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
				"client_assertion", assertion));
	}

	static String assertion(String clientId, JWK key, JWSAlgorithm alg, String audience, long expiresIn, String jti)
			throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.issuer(clientId)
				.subject(clientId)
				.audience(audience)
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(expiresIn)))
				.jwtID(jti != null ? jti : UUID.randomUUID().toString())
				.build();
		JWSHeader header = new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(com.nimbusds.jose.JOSEObjectType.JWT).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static void assertInvalidClient(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		JsonNode body = json(response);
		assertThat(body.path("error").asText()).isEqualTo("invalid_client");
		assertThat(body.path("error_description").asText()).contains(reason);
	}
}

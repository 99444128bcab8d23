package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.msfhir.security.token.SigningKeys;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The FHIR endpoint refuses requests without a valid token with 401, a challenge and an OperationOutcome. */
class TokenValidationIT extends PostgresIntegrationTest {

	@Autowired
	SigningKeys signingKeys;

	@Test
	void validTokenIsAccepted() {
		HttpResponse<String> response = send(request("Patient?_count=1"));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void missingTokenIsRefused() {
		assertUnauthorized(send(anonymousRequest("Patient")), "Authentication required");
	}

	@Test
	void refusalIsRecordedAsAnAuditEvent() throws InterruptedException {
		String target = "Patient/unauth-" + UUID.randomUUID().toString().substring(0, 8);
		// A caller of its own (X-Forwarded-For, trusted from loopback in the test profile): refusals are
		// summarised per address, and other tests' refusals come from loopback.
		assertUnauthorized(send(anonymousRequest(target).header("X-Forwarded-For", randomAddress())), "Authentication required");

		List<AuditEvent> events = auditEvents("entity-name=" + target, 1);
		assertThat(events).hasSize(1);
		AuditEvent refused = events.get(0);
		assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
		assertThat(refused.getOutcomeDesc()).contains("Authentication required").contains("GET /fhir/" + target);
		assertThat(refused.getAgentFirstRep().getName()).isEqualTo("(no valid token)");
	}

	@Test
	void aBurstOfRefusalsFromOneAddressIsStoredAsOneEventAndOneSummary() throws InterruptedException {
		String address = randomAddress();
		for (int i = 0; i < 10; i++) {
			assertUnauthorized(send(anonymousRequest("Patient?name=burst" + i).header("X-Forwarded-For", address)),
					"Authentication required");
		}
		List<AuditEvent> events = auditEvents("address=" + address, 2);
		assertThat(events).hasSize(2);
		assertThat(events).anySatisfy(e -> assertThat(e.getEntityFirstRep().getName()).isEqualTo("Patient?name=burst0"));
		assertThat(events).anySatisfy(e -> assertThat(e.getOutcomeDesc())
				.contains("9 further requests without a valid token refused from " + address));
		assertThat(events).allSatisfy(e -> assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
	}

	/** The AuditEvents matching a search, once there are {@code expected} of them (or after 30 s). */
	private List<AuditEvent> auditEvents(String query, int expected) throws InterruptedException {
		List<AuditEvent> events = List.of();
		for (int attempt = 0; attempt < 120 && events.size() < expected; attempt++) {
			Thread.sleep(250);
			HttpResponse<String> response = send(anonymousRequest("AuditEvent?" + query)
					.header("Authorization", "Bearer " + tokenFor("system/AuditEvent.rs", null))
					.header("Cache-Control", "no-cache"));
			assertThat(response.statusCode()).isEqualTo(200);
			events = fhirContext.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
					.map(e -> (AuditEvent) e.getResource())
					.toList();
		}
		return events;
	}

	private static String randomAddress() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		return "198.18." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
	}

	@Test
	void badSignatureIsRefused() throws Exception {
		RSAKey otherKey = new RSAKeyGenerator(2048).keyID(signingKeys.activeKey().getKeyID()).generate();
		assertUnauthorized(withToken(sign(otherKey, claims(baseUrl(), baseUrl(), 300))), "Invalid access token");
	}

	@Test
	void expiredTokenIsRefused() throws Exception {
		assertUnauthorized(withToken(sign(signingKeys.activeKey(), claims(baseUrl(), baseUrl(), -300))), "expired");
	}

	@Test
	void wrongIssuerIsRefused() throws Exception {
		assertUnauthorized(
				withToken(sign(signingKeys.activeKey(), claims("https://evil.example/fhir", baseUrl(), 300))), "iss");
	}

	@Test
	void wrongAudienceIsRefused() throws Exception {
		assertUnauthorized(
				withToken(sign(signingKeys.activeKey(), claims(baseUrl(), "https://other.example/fhir", 300))),
				"audience");
	}

	@Test
	void unsignedTokenIsRefused() {
		String none = new PlainJWT(claims(baseUrl(), baseUrl(), 300)).serialize();
		assertUnauthorized(withToken(none), "Invalid access token");
	}

	@Test
	void correctlySignedHandMadeTokenIsAccepted() throws Exception {
		// The good case of the checks above: same construction, right key, issuer, audience and time.
		HttpResponse<String> response = withToken(sign(signingKeys.activeKey(), claims(baseUrl(), baseUrl(), 300)));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void discoveryAndHealthNeedNoToken() {
		assertThat(send(anonymousRequest("metadata")).statusCode()).isEqualTo(200);
		assertThat(send(anonymousRequest("http://localhost:" + port + "/actuator/health")).statusCode())
				.isEqualTo(200);
	}

	@Test
	void prometheusNeedsTheMetricsScope() {
		String url = "http://localhost:" + port + "/actuator/prometheus";
		assertThat(send(anonymousRequest(url)).statusCode()).isEqualTo(401);
		assertThat(send(request(url)).statusCode()).isEqualTo(403);
		HttpResponse<String> allowed =
				send(anonymousRequest(url).header("Authorization", "Bearer " + tokenFor("msfhir/metrics", null)));
		// Spring Boot tests switch metrics export off (404 behind the security check): passing security is
		// what this test checks.
		assertThat(allowed.statusCode()).isNotIn(401, 403);
	}

	private HttpResponse<String> withToken(String token) {
		return send(anonymousRequest("Patient").header("Authorization", "Bearer " + token));
	}

	private static JWTClaimsSet claims(String issuer, String audience, long expiresInSeconds) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder()
				.issuer(issuer)
				.audience(audience)
				.issueTime(Date.from(now.minusSeconds(600)))
				.expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
				.jwtID(UUID.randomUUID().toString())
				.subject("tester")
				.claim("client_id", TEST_CLIENT_ID)
				.claim("scope", "system/*.cruds")
				.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static void assertUnauthorized(HttpResponse<String> response, String reasonFragment) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").containsIgnoringCase(reasonFragment);
	}
}

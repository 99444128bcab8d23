package org.msfhir.security.authserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.msfhir.security.state.AuthStateStore;

/**
 * Authenticates a client by a signed JWT assertion ({@code private_key_jwt}, RFC 7523), as SMART
 * Backend Services require: RS384 or ES384 (P-384), a {@code kid} naming one of the client's keys,
 * {@code iss} = {@code sub} = the client id, {@code aud} = the token URL, {@code exp} at most five
 * minutes ahead, and a {@code jti} that has never been used before.
 */
public class ClientAssertionVerifier {

	public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
	public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);
	private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
	private static final Duration SKEW = Duration.ofSeconds(30);

	private final ClientRegistry clients;
	private final ClientKeys keys;
	private final ExpiringStore<Boolean> usedIds;
	private final Clock clock;

	public ClientAssertionVerifier(ClientRegistry clients, ClientKeys keys, AuthStateStore db) {
		this.clients = clients;
		this.keys = keys;
		this.clock = db.clock();
		this.usedIds = new ExpiringStore<>(db, "assertion-jti", Boolean.class);
	}

	/**
	 * Checks the assertion and returns the client it authenticates.
	 *
	 * @param assertion the {@code client_assertion} parameter
	 * @param tokenUrl the absolute URL of this token endpoint (the required audience)
	 * @param claimedClientId the {@code client_id} parameter, if the client sent one
	 */
	public RegisteredClient verify(String assertion, String tokenUrl, String claimedClientId) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(assertion);
			claims = jwt.getJWTClaimsSet();
		} catch (ParseException | RuntimeException e) {
			throw OAuthException.invalidClient("client_assertion is not a signed JWT");
		}
		JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
		if (!ALGORITHMS.contains(alg)) {
			throw OAuthException.invalidClient("client_assertion must be signed with RS384 or ES384, not " + alg);
		}
		String kid = jwt.getHeader().getKeyID();
		if (kid == null || kid.isBlank()) {
			throw OAuthException.invalidClient("client_assertion header needs a kid");
		}
		String clientId = claims.getIssuer();
		if (clientId == null || !clientId.equals(claims.getSubject())) {
			throw OAuthException.invalidClient("client_assertion iss and sub must both be the client_id");
		}
		if (claimedClientId != null && !claimedClientId.isBlank() && !claimedClientId.equals(clientId)) {
			throw OAuthException.invalidClient("client_id does not match the client_assertion issuer");
		}
		RegisteredClient client = clients.find(clientId)
				.filter(RegisteredClient::isAsymmetric)
				.orElseThrow(() -> OAuthException.invalidClient("Unknown client or client without registered keys: " + clientId));
		if (claims.getAudience() == null || !claims.getAudience().contains(tokenUrl)) {
			throw OAuthException.invalidClient("client_assertion aud must be the token URL " + tokenUrl);
		}
		Instant now = clock.instant();
		Date exp = claims.getExpirationTime();
		if (exp == null) {
			throw OAuthException.invalidClient("client_assertion needs exp");
		}
		if (exp.toInstant().isBefore(now.minus(SKEW))) {
			throw OAuthException.invalidClient("client_assertion has expired");
		}
		if (exp.toInstant().isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
			throw OAuthException.invalidClient("client_assertion exp must be at most 5 minutes in the future");
		}
		String jti = claims.getJWTID();
		if (jti == null || jti.isBlank()) {
			throw OAuthException.invalidClient("client_assertion needs a jti");
		}
		JWK key = keys.find(client, kid)
				.orElseThrow(() -> OAuthException.invalidClient("No key with kid " + kid + " is registered for " + clientId));
		if (!verifies(jwt, alg, key)) {
			throw OAuthException.invalidClient("client_assertion signature does not verify with key " + kid);
		}
		// Only a verified assertion spends its jti, so nobody can burn another client's ids.
		if (!usedIds.putIfAbsent(clientId + " " + jti, Boolean.TRUE, exp.toInstant().plus(SKEW))) {
			throw OAuthException.invalidClient("client_assertion jti has already been used");
		}
		return client;
	}

	private static boolean verifies(SignedJWT jwt, JWSAlgorithm alg, JWK key) {
		try {
			JWSVerifier verifier;
			if (alg == JWSAlgorithm.RS384 && key instanceof RSAKey rsa) {
				verifier = new RSASSAVerifier(rsa);
			} else if (alg == JWSAlgorithm.ES384 && key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve())) {
				verifier = new ECDSAVerifier(ec);
			} else {
				return false;
			}
			return jwt.verify(verifier);
		} catch (JOSEException e) {
			return false;
		}
	}
}

package org.msfhir.tools.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs {@code private_key_jwt} client assertions with a private JWK read from a file (as SMART
 * backend services do): issuer and subject the client id, audience the token endpoint, five minutes
 * of validity and a fresh {@code jti} each time.
 */
public final class ClientAssertion {

	private final JWK key;
	private final JWSSigner signer;
	private final JWSAlgorithm algorithm;

	private ClientAssertion(JWK key) throws JOSEException {
		if (!key.isPrivate()) {
			throw new IllegalArgumentException("the JWK " + (key.getKeyID() == null ? "" : key.getKeyID() + " ") + "has no private part");
		}
		this.key = key;
		this.signer = new DefaultJWSSignerFactory().createJWSSigner(key);
		this.algorithm = key.getAlgorithm() != null ? JWSAlgorithm.parse(key.getAlgorithm().getName())
				: signer.supportedJWSAlgorithms().iterator().next();
	}

	/** Reads a private key in JWK form (one key, not a key set) from a file. */
	public static ClientAssertion fromJwkFile(Path file) {
		try {
			return new ClientAssertion(JWK.parse(Files.readString(file)));
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read the JWK file " + file + ": " + e.getMessage());
		} catch (ParseException | JOSEException e) {
			throw new IllegalArgumentException("the file " + file + " is not a usable private JWK: " + e.getMessage());
		}
	}

	String sign(String clientId, String tokenEndpoint) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.issuer(clientId)
				.subject(clientId)
				.audience(tokenEndpoint)
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString())
				.build();
		JWSHeader header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer);
		} catch (JOSEException e) {
			throw new IllegalStateException("cannot sign the client assertion: " + e.getMessage(), e);
		}
		return jwt.serialize();
	}
}

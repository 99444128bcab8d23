package org.msfhir.security.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.StringUtils;

/**
 * Signs the access tokens of the built-in authorization server with the active key of {@link SigningKeys}.
 * The claims follow the project's security contract: {@code iss}, {@code aud} (the FHIR base URL),
 * {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope}, and, where they apply,
 * {@code sub}, {@code patient}, {@code encounter} and {@code fhirUser}.
 */
public class AccessTokenIssuer {

	private final JwtEncoder encoder;
	private final SigningKeys keys;
	private final Duration lifetime;

	public AccessTokenIssuer(JwtEncoder encoder, SigningKeys keys, Duration lifetime) {
		this.encoder = encoder;
		this.keys = keys;
		this.lifetime = lifetime;
	}

	/** The lifetime of the access tokens issued, at most one hour. */
	public Duration lifetime() {
		return lifetime;
	}

	/** Issues a signed access token for the given grant. */
	public Jwt issue(TokenGrant grant) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
				.issuer(grant.issuer())
				.audience(java.util.List.of(grant.audience()))
				.issuedAt(now)
				.notBefore(now)
				.expiresAt(now.plus(lifetime))
				.id(UUID.randomUUID().toString())
				.subject(StringUtils.hasText(grant.subject()) ? grant.subject() : grant.clientId())
				.claim("client_id", grant.clientId())
				.claim("scope", grant.scope());
		putIfPresent(claims, "patient", grant.patient());
		putIfPresent(claims, "encounter", grant.encounter());
		putIfPresent(claims, "fhirUser", grant.fhirUser());
		grant.extraClaims().forEach(claims::claim);
		return encoder.encode(JwtEncoderParameters.from(header(), claims.build()));
	}

	/** Signs an arbitrary claim set with the server key (id tokens). */
	public Jwt sign(JwtClaimsSet claims) {
		return encoder.encode(JwtEncoderParameters.from(header(), claims));
	}

	/** Names the key that signs now (it changes when a rotated key becomes active). */
	private JwsHeader header() {
		return JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.activeKey().getKeyID()).type("JWT").build();
	}

	private static void putIfPresent(JwtClaimsSet.Builder claims, String name, String value) {
		if (StringUtils.hasText(value)) {
			claims.claim(name, value);
		}
	}

	/**
	 * What an access token grants.
	 *
	 * @param issuer {@code iss}
	 * @param audience {@code aud}: the FHIR base URL
	 * @param clientId {@code client_id}
	 * @param subject {@code sub}: the user, or the client for backend services (defaults to the client)
	 * @param scope granted scopes, space-separated, as granted
	 * @param patient launch context patient id, or null
	 * @param encounter launch context encounter id, or null
	 * @param fhirUser the user's FHIR resource, or null
	 * @param extraClaims further claims
	 */
	public record TokenGrant(
			String issuer,
			String audience,
			String clientId,
			String subject,
			String scope,
			String patient,
			String encounter,
			String fhirUser,
			Map<String, Object> extraClaims) {

		public TokenGrant {
			extraClaims = extraClaims == null ? Map.of() : Map.copyOf(extraClaims);
		}
	}
}

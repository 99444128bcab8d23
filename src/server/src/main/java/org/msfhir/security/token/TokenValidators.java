package org.msfhir.security.token;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** The checks every access token passes on top of its signature: time, issuer, audience, revocation. */
public final class TokenValidators {

	private TokenValidators() {}

	/** Validator for tokens that must come from {@code issuer} and be meant for {@code audience}. */
	public static OAuth2TokenValidator<Jwt> forToken(String issuer, String audience, TokenRevocations revocations) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				new JwtTimestampValidator(),
				requireExpiry(),
				new JwtIssuerValidator(issuer),
				audience(audience),
				notRevoked(revocations)));
	}

	static OAuth2TokenValidator<Jwt> requireExpiry() {
		return jwt -> jwt.getExpiresAt() != null
				? OAuth2TokenValidatorResult.success()
				: failure("The token has no exp claim");
	}

	static OAuth2TokenValidator<Jwt> audience(String audience) {
		return jwt -> {
			List<String> aud = jwt.getAudience();
			return aud != null && aud.contains(audience)
					? OAuth2TokenValidatorResult.success()
					: failure("The token's audience " + aud + " is not this FHIR server (" + audience + ")");
		};
	}

	static OAuth2TokenValidator<Jwt> notRevoked(TokenRevocations revocations) {
		return jwt -> revocations == null || !revocations.isRevoked(jwt)
				? OAuth2TokenValidatorResult.success()
				: failure("The token has been revoked");
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}
}

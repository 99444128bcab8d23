package org.msfhir.security.authserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msfhir.security.UserRole;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.AccessTokenIssuer.TokenGrant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * Turns a grant into the token response SMART apps expect: the access token and its lifetime, the
 * granted scopes, the launch context as top-level fields, {@code need_patient_banner} and {@code
 * smart_style_url}, an OpenID Connect id token with {@code fhirUser}, and a refresh token when
 * {@code offline_access} or {@code online_access} was granted.
 */
public class TokenService {

	private final AccessTokenIssuer issuer;
	private final ExpiringStore<AuthorizationGrant> refreshTokens;
	private final Duration refreshLifetime;
	private final Clock clock;
	private final UserAccounts users;

	public TokenService(AccessTokenIssuer issuer, Duration refreshLifetime, Clock clock) {
		this(issuer, refreshLifetime, clock, null);
	}

	/**
	 * @param users the accounts whose current role goes into each token of a user (null: no users)
	 */
	public TokenService(AccessTokenIssuer issuer, Duration refreshLifetime, Clock clock, UserAccounts users) {
		this.users = users;
		this.issuer = issuer;
		this.refreshLifetime = refreshLifetime;
		this.clock = clock;
		this.refreshTokens = new ExpiringStore<>(clock, 1_000_000);
	}

	/**
	 * @param grant what was authorized
	 * @param client the client
	 * @param issuerUrl {@code iss} of the tokens
	 * @param styleUrl the {@code smart_style_url}, or null for backend services
	 * @param refreshToken the refresh token being used, kept as is; null to make a new one if granted
	 */
	public Map<String, Object> respond(
			AuthorizationGrant grant, RegisteredClient client, String issuerUrl, String styleUrl, String refreshToken) {
		Jwt access = issuer.issue(new TokenGrant(
				issuerUrl,
				grant.audience(),
				grant.clientId(),
				grant.username() != null ? grant.username() : grant.clientId(),
				grant.scope(),
				grant.patient(),
				grant.encounter(),
				grant.fhirUser(),
				userClaims(grant)));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", access.getTokenValue());
		body.put("token_type", "Bearer");
		body.put("expires_in", issuer.lifetime().toSeconds());
		body.put("scope", grant.scope());
		if (grant.patient() != null) {
			body.put("patient", grant.patient());
		}
		if (grant.encounter() != null) {
			body.put("encounter", grant.encounter());
		}
		if (styleUrl != null) {
			body.put("need_patient_banner", grant.needPatientBanner());
			body.put("smart_style_url", styleUrl);
		}
		if (grant.has("openid") && grant.username() != null) {
			body.put("id_token", idToken(grant, issuerUrl).getTokenValue());
		}
		boolean refreshGranted = (grant.has("offline_access") || grant.has("online_access"))
				&& client.allowsGrant(RegisteredClient.REFRESH_TOKEN);
		if (refreshToken != null) {
			body.put("refresh_token", refreshToken);
		} else if (refreshGranted) {
			body.put("refresh_token", refreshTokens.add(grant, refreshLifetime));
		}
		return body;
	}

	/**
	 * The user's rule as token claims, read from the account as it is now: a refresh after the role
	 * changed carries the new role, and a disabled or deleted account gets no more tokens.
	 */
	private Map<String, Object> userClaims(AuthorizationGrant grant) {
		if (grant.username() == null || users == null) {
			return Map.of();
		}
		UserAccounts.Account account = users.active(grant.username())
				.orElseThrow(() -> OAuthException.invalidGrant("The user account is disabled or no longer exists"));
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(UserRole.CLAIM, account.role().code());
		if (account.confinedToOnePatient()) {
			claims.put(UserRole.CONFINED_CLAIM, true);
			if (account.patient() != null && !account.patient().equals(grant.patient())) {
				throw OAuthException.invalidGrant("The grant is not for this account's patient");
			}
		}
		if (account.identifiedData()) {
			claims.put(UserRole.IDENTIFIED_CLAIM, true);
		}
		return claims;
	}

	/** The grant behind a refresh token, if it is valid. */
	public Optional<AuthorizationGrant> refreshGrant(String refreshToken) {
		return refreshTokens.get(refreshToken);
	}

	public Optional<Instant> refreshExpiry(String refreshToken) {
		return refreshTokens.expiry(refreshToken);
	}

	public void revokeRefreshToken(String refreshToken) {
		refreshTokens.remove(refreshToken);
	}

	private Jwt idToken(AuthorizationGrant grant, String issuerUrl) {
		Instant now = clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
				.issuer(issuerUrl)
				.subject(grant.username())
				.audience(List.of(grant.clientId()))
				.issuedAt(now)
				.expiresAt(now.plus(issuer.lifetime()))
				.claim("auth_time", grant.authTime().getEpochSecond());
		if (grant.nonce() != null) {
			claims.claim("nonce", grant.nonce());
		}
		if (grant.has("fhirUser") && grant.fhirUser() != null) {
			// SMART: fhirUser is an absolute URL (or a reference relative to the FHIR base).
			claims.claim("fhirUser", grant.audience() + "/" + grant.fhirUser());
		}
		if (grant.has("profile") && grant.displayName() != null) {
			claims.claim("name", grant.displayName());
		}
		return issuer.sign(claims.build());
	}
}

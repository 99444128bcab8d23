package org.msfhir.security.authserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msfhir.security.UserRole;
import java.util.UUID;
import org.msfhir.security.state.AuthStateStore;
import org.msfhir.security.token.TokenRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.AccessTokenIssuer.TokenGrant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * Turns a grant into the token response SMART apps expect: the access token and its lifetime, the
 * granted scopes, the launch context as top-level fields, {@code need_patient_banner} and {@code
 * smart_style_url}, an OpenID Connect id token with {@code fhirUser}, and a refresh token when
 * {@code offline_access} or {@code online_access} was granted.
 *
 * <p>Refresh tokens rotate: each use returns a new one and spends the old. All tokens made from one
 * sign-in form a family (the access tokens' {@value TokenRevocations#GRANT_CLAIM} claim). Presenting a
 * spent refresh token again is taken as theft: the whole family is revoked, access tokens included.
 * A family lives at most {@code refresh-token-lifetime} from the first token; rotation does not extend it.
 */
public class TokenService {

	private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
	private static final String REFRESH = "refresh";

	private final AccessTokenIssuer issuer;
	private final AuthStateStore db;
	private final TokenRevocations revocations;
	private final Duration refreshLifetime;
	private final Clock clock;
	private final UserAccounts users;

	/**
	 * @param users the accounts whose current role goes into each token of a user (null: no users)
	 */
	public TokenService(
			AccessTokenIssuer issuer,
			AuthStateStore db,
			TokenRevocations revocations,
			Duration refreshLifetime,
			UserAccounts users) {
		this.users = users;
		this.issuer = issuer;
		this.db = db;
		this.revocations = revocations;
		this.refreshLifetime = refreshLifetime;
		this.clock = db.clock();
	}

	/** A refresh token that has just been spent: what it granted and the family it belongs to. */
	public record SpentRefreshToken(AuthorizationGrant grant, String family, Instant familyExpiry) {}

	/**
	 * The token response for a new grant (code redeemed, client credentials): a new token family.
	 *
	 * @param grant what was authorized
	 * @param client the client
	 * @param issuerUrl {@code iss} of the tokens
	 * @param styleUrl the {@code smart_style_url}, or null for backend services
	 */
	public Map<String, Object> respond(AuthorizationGrant grant, RegisteredClient client, String issuerUrl, String styleUrl) {
		return respond(grant, grant, UUID.randomUUID().toString(), clock.instant().plus(refreshLifetime),
				client, issuerUrl, styleUrl);
	}

	/**
	 * The token response of a refresh: a new access token and a new refresh token of the same family.
	 *
	 * @param spent the refresh token just spent
	 * @param current what the family grants from now on (the registration re-checked)
	 * @param issued what this access token grants (possibly narrower than {@code current})
	 */
	public Map<String, Object> respondRefreshed(SpentRefreshToken spent, AuthorizationGrant current, AuthorizationGrant issued,
			RegisteredClient client, String issuerUrl, String styleUrl) {
		return respond(issued, current, spent.family(), spent.familyExpiry(), client, issuerUrl, styleUrl);
	}

	private Map<String, Object> respond(AuthorizationGrant grant, AuthorizationGrant stored, String family,
			Instant familyExpiry, RegisteredClient client, String issuerUrl, String styleUrl) {
		Jwt access = issuer.issue(new TokenGrant(
				issuerUrl,
				grant.audience(),
				grant.clientId(),
				grant.username() != null ? grant.username() : grant.clientId(),
				grant.scope(),
				grant.patient(),
				grant.encounter(),
				grant.fhirUser(),
				withGrantId(userClaims(grant), family)));
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
		boolean refreshGranted = (stored.has("offline_access") || stored.has("online_access"))
				&& client.allowsGrant(RegisteredClient.REFRESH_TOKEN);
		if (refreshGranted && familyExpiry.isAfter(clock.instant())) {
			String refreshToken = ExpiringStore.newKey();
			db.put(REFRESH, refreshToken, family, stored, familyExpiry);
			body.put("refresh_token", refreshToken);
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
		claims.put(TokenRevocations.USER_EPOCH_CLAIM, revocations.userEpoch(account.username()));
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

	private static Map<String, Object> withGrantId(Map<String, Object> claims, String family) {
		Map<String, Object> all = new LinkedHashMap<>(claims);
		all.put(TokenRevocations.GRANT_CLAIM, family);
		return all;
	}

	/**
	 * Spends a refresh token of a client. A token presented a second time revokes its whole family.
	 *
	 * @throws OAuthException invalid_grant when the token is unknown, expired, of another client, spent or revoked
	 */
	public SpentRefreshToken spendRefreshToken(String refreshToken, String clientId) {
		AuthStateStore.Row<AuthorizationGrant> row = db.row(REFRESH, refreshToken, AuthorizationGrant.class)
				.filter(r -> r.value().clientId().equals(clientId))
				.orElseThrow(() -> OAuthException.invalidGrant("The refresh token is invalid, expired or revoked"));
		if (row.used() || !db.markUsed(REFRESH, refreshToken)) {
			revokeFamily(row.family());
			LOG.warn("Refresh token of client {} (user {}) presented again after use: grant {} revoked",
					clientId, row.value().username(), row.family());
			throw OAuthException.invalidGrant("The refresh token has already been used; the grant is revoked");
		}
		if (revocations.isGrantRevoked(row.family())
				|| revocations.isClientRevokedSince(clientId, row.value().authTime())) {
			throw OAuthException.invalidGrant("The refresh token is invalid, expired or revoked");
		}
		return new SpentRefreshToken(row.value(), row.family(), row.expiresAt());
	}

	/** The grant behind an unspent refresh token. */
	public Optional<AuthorizationGrant> refreshGrant(String refreshToken) {
		return db.row(REFRESH, refreshToken, AuthorizationGrant.class).filter(r -> !r.used()).map(AuthStateStore.Row::value);
	}

	public Optional<Instant> refreshExpiry(String refreshToken) {
		return db.row(REFRESH, refreshToken, AuthorizationGrant.class).map(AuthStateStore.Row::expiresAt);
	}

	/** Revokes a refresh token with its whole family, the access tokens made from it included. */
	public void revokeRefreshToken(String refreshToken) {
		db.row(REFRESH, refreshToken, AuthorizationGrant.class).ifPresent(row -> revokeFamily(row.family()));
	}

	/** Ends every access and refresh token issued to a client so far (the client was deleted). */
	public void revokeClient(String clientId) {
		revocations.revokeClient(clientId, clock.instant().plus(refreshLifetime).plus(issuer.lifetime()));
	}

	/**
	 * Ends the access tokens issued to a user so far (the account was disabled, changed or deleted);
	 * its refresh tokens then yield tokens only while the account is active, with its current rule.
	 */
	public void revokeUser(String username) {
		revocations.revokeUser(username, clock.instant().plus(refreshLifetime).plus(issuer.lifetime()));
	}

	private void revokeFamily(String family) {
		revocations.revokeGrant(family, clock.instant().plus(refreshLifetime).plus(issuer.lifetime()));
		db.removeFamily(REFRESH, family);
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

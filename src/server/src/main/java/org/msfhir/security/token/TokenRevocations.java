package org.msfhir.security.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.msfhir.security.state.AuthStateStore;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Revoked access tokens, kept in the database so that every instance honours them and a restart does
 * not revive them. A token is refused when its {@code jti} was revoked, when its grant (the {@value
 * #GRANT_CLAIM} claim, shared by all tokens made from one sign-in or one refresh-token family) was
 * revoked, when its client was deleted after the token was issued, or when its user's account was
 * disabled, changed or deleted after the token was issued. User tokens carry the user name as {@code
 * sub} and, in {@value #USER_EPOCH_CLAIM}, the time of the account's last revocation when they were
 * issued: a later revocation ends them, and tokens issued in the same second still work (no clock
 * rounding).
 *
 * <p>Each token's answer is cached for a short time (setting {@code msfhir.security.revocation-cache},
 * 5 s by default), so a revocation on another instance takes effect within that time; on the instance
 * that revoked, at once.
 */
public class TokenRevocations {

	/** Claim naming the grant (token family) an access token was made from. */
	public static final String GRANT_CLAIM = "grant_id";
	/** Claim of user tokens: the account's revocation time (epoch ms, 0 for none) when the token was issued. */
	public static final String USER_EPOCH_CLAIM = "msfhir_user_epoch";

	private static final String JTI = "revoked-jti";
	private static final String GRANT = "revoked-grant";
	private static final String CLIENT = "revoked-client";
	private static final String USER = "revoked-user";
	private static final int MAX_CACHED = 50_000;

	private record Cached(boolean revoked, Instant until) {}

	private final AuthStateStore db;
	private final Duration cacheTime;
	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	public TokenRevocations(AuthStateStore db, Duration cacheTime) {
		this.db = db;
		this.cacheTime = cacheTime;
	}

	/** Marks a token as revoked until its expiry. */
	public void revoke(String jti, Instant expiresAt) {
		if (jti == null) {
			return;
		}
		db.put(JTI, jti, null, Boolean.TRUE, expiresAt != null ? expiresAt : Instant.now().plusSeconds(3600));
		cache.clear();
	}

	/** Revokes every access token of a grant; {@code until} is when the last of them can expire. */
	public void revokeGrant(String grantId, Instant until) {
		db.put(GRANT, grantId, null, Boolean.TRUE, until);
		cache.clear();
	}

	/** Revokes every token issued to a client until now (the client was deleted). */
	public void revokeClient(String clientId, Instant until) {
		db.put(CLIENT, clientId, null, db.clock().millis(), until);
		cache.clear();
	}

	/** Revokes every access token issued to a user until now (the account was disabled, changed or deleted). */
	public void revokeUser(String username, Instant until) {
		long epoch = Math.max(db.clock().millis(), userEpoch(username) + 1);
		db.put(USER, username, null, epoch, until);
		cache.clear();
	}

	/** The value of {@value #USER_EPOCH_CLAIM} for a token issued to the user now. */
	public long userEpoch(String username) {
		return username == null ? 0 : db.get(USER, username, Long.class).orElse(0L);
	}

	public boolean isGrantRevoked(String grantId) {
		return grantId != null && db.get(GRANT, grantId, Boolean.class).isPresent();
	}

	/** When the client was last deleted, if that is recent enough to matter. */
	public java.util.Optional<Instant> clientRevokedAt(String clientId) {
		return clientId == null ? java.util.Optional.empty() : db.get(CLIENT, clientId, Long.class).map(Instant::ofEpochMilli);
	}

	/** Whether the client was deleted after {@code issuedAt}. */
	public boolean isClientRevokedSince(String clientId, Instant issuedAt) {
		return clientId != null && db.get(CLIENT, clientId, Long.class)
				.map(revokedAt -> issuedAt == null || !issuedAt.isAfter(Instant.ofEpochMilli(revokedAt)))
				.orElse(false);
	}

	/** Whether a token was revoked by id, grant or client; answers are cached briefly. */
	public boolean isRevoked(Jwt jwt) {
		String jti = jwt.getId();
		String key = jti != null ? jti : jwt.getTokenValue();
		Instant now = Instant.now();
		Cached cached = cache.get(key);
		if (cached != null && cached.until().isAfter(now)) {
			return cached.revoked();
		}
		boolean revoked = lookUp(jwt);
		if (cache.size() > MAX_CACHED) {
			cache.clear();
		}
		cache.put(key, new Cached(revoked, now.plus(cacheTime)));
		return revoked;
	}

	private boolean lookUp(Jwt jwt) {
		String grant = jwt.getClaimAsString(GRANT_CLAIM);
		if (jwt.getId() != null || grant != null) {
			List<String> found = db.presentKinds(
					List.of(JTI, GRANT),
					List.of(jwt.getId() != null ? jwt.getId() : "", grant != null ? grant : ""));
			if ((jwt.getId() != null && found.contains(JTI)) || (grant != null && found.contains(GRANT))) {
				return true;
			}
		}
		return isClientRevokedSince(jwt.getClaimAsString("client_id"), jwt.getIssuedAt())
				|| (jwt.hasClaim(USER_EPOCH_CLAIM) && userEpoch(jwt.getSubject()) > epochClaim(jwt));
	}

	private static long epochClaim(Jwt jwt) {
		Object value = jwt.getClaim(USER_EPOCH_CLAIM);
		return value instanceof Number n ? n.longValue() : -1; // malformed: treated as revoked
	}
}

package org.msfhir.security.token;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens revoked before their expiry, by {@code jti}. Kept in memory until the token would have
 * expired anyway (at most an hour), so the list stays small. A restart forgets revocations; with
 * one-hour tokens that is a bounded exposure, documented in docs/smart.md.
 */
public class TokenRevocations {

	private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

	/** Marks a token as revoked until its expiry. */
	public void revoke(String jti, Instant expiresAt) {
		if (jti == null) {
			return;
		}
		purge();
		revoked.put(jti, expiresAt != null ? expiresAt : Instant.now().plusSeconds(3600));
	}

	public boolean isRevoked(String jti) {
		return jti != null && revoked.containsKey(jti);
	}

	private void purge() {
		Instant now = Instant.now();
		revoked.values().removeIf(expiry -> expiry.isBefore(now.minusSeconds(120)));
	}
}

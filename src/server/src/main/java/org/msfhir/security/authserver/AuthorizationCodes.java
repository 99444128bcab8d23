package org.msfhir.security.authserver;

import java.time.Duration;
import java.util.Optional;
import org.msfhir.security.state.AuthStateStore;

/** One-time authorization codes, valid for two minutes, kept in the database. */
public class AuthorizationCodes {

	private static final Duration LIFETIME = Duration.ofMinutes(2);

	private final ExpiringStore<AuthorizationGrant> codes;

	public AuthorizationCodes(AuthStateStore db) {
		this.codes = new ExpiringStore<>(db, "code", AuthorizationGrant.class);
	}

	public String issue(AuthorizationGrant grant) {
		return codes.add(grant, LIFETIME);
	}

	/** The grant of a code; the code is spent whatever happens next, on every instance. */
	public Optional<AuthorizationGrant> redeem(String code) {
		return codes.take(code);
	}
}

package org.msfhir.security.authserver;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** One-time authorization codes, valid for two minutes. */
public class AuthorizationCodes {

	private static final Duration LIFETIME = Duration.ofMinutes(2);

	private final ExpiringStore<AuthorizationGrant> codes;

	public AuthorizationCodes(Clock clock) {
		this.codes = new ExpiringStore<>(clock, 100_000);
	}

	public String issue(AuthorizationGrant grant) {
		return codes.add(grant, LIFETIME);
	}

	/** The grant of a code; the code is spent whatever happens next. */
	public Optional<AuthorizationGrant> redeem(String code) {
		return codes.take(code);
	}
}

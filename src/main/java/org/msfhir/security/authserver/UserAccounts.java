package org.msfhir.security.authserver;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.msfhir.security.SecurityProperties;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.StringUtils;

/**
 * Login accounts of the built-in authorization server: from {@code msfhir.security.users} and the
 * admin API (in memory). A production deployment with real staff accounts would rather use its
 * hospital identity provider in {@code external} mode. Password guessing is slowed down: after
 * {@value #MAX_FAILURES} wrong passwords for a user name within 15 minutes, that name cannot sign in
 * for 15 minutes.
 */
public class UserAccounts {

	/** A login account; the password is kept in encoder form only. */
	public record Account(String username, String encodedPassword, String fhirUser, String displayName) {
		@Override
		public String toString() {
			return "Account[" + username + ", " + fhirUser + "]";
		}
	}

	static final int MAX_FAILURES = 5;
	private static final java.time.Duration LOCK_TIME = java.time.Duration.ofMinutes(15);

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();
	private final ExpiringStore<java.util.concurrent.atomic.AtomicInteger> failures =
			new ExpiringStore<>(java.time.Clock.systemUTC(), 1_000_000);
	private final PasswordEncoder passwordEncoder;
	private final String dummyHash;

	public UserAccounts(List<SecurityProperties.User> configured, PasswordEncoder passwordEncoder) {
		this.passwordEncoder = passwordEncoder;
		this.dummyHash = passwordEncoder.encode("no such user");
		configured.forEach(this::register);
	}

	public Account register(SecurityProperties.User user) {
		if (!StringUtils.hasText(user.username()) || !StringUtils.hasText(user.password())) {
			throw new IllegalArgumentException("A user needs a username and a password");
		}
		if (StringUtils.hasText(user.fhirUser()) && !user.fhirUser().matches("(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)/[A-Za-z0-9.-]{1,64}")) {
			throw new IllegalArgumentException("fhirUser must look like Practitioner/123, was " + user.fhirUser());
		}
		String password = user.password();
		String encoded = password.startsWith("{") && password.indexOf('}') > 1 ? password : passwordEncoder.encode(password);
		Account account = new Account(
				user.username(),
				encoded,
				StringUtils.hasText(user.fhirUser()) ? user.fhirUser() : null,
				StringUtils.hasText(user.displayName()) ? user.displayName() : user.username());
		accounts.put(user.username(), account);
		return account;
	}

	/** The account if the password is right; the same answer for unknown users and wrong passwords. */
	public Optional<Account> authenticate(String username, String password) {
		if (username == null) {
			return Optional.empty();
		}
		if (failures.get(username).map(count -> count.get() >= MAX_FAILURES).orElse(false)) {
			return Optional.empty(); // locked for a while; the same answer as a wrong password
		}
		Account account = accounts.get(username);
		if (account == null || password == null) {
			passwordEncoder.matches("timing", dummyHash); // same time as a wrong password
			recordFailure(username);
			return Optional.empty();
		}
		if (passwordEncoder.matches(password, account.encodedPassword())) {
			failures.remove(username);
			return Optional.of(account);
		}
		recordFailure(username);
		return Optional.empty();
	}

	private void recordFailure(String username) {
		java.util.concurrent.atomic.AtomicInteger fresh = new java.util.concurrent.atomic.AtomicInteger();
		failures.putIfAbsent(username, fresh, java.time.Instant.now().plus(LOCK_TIME));
		failures.get(username).ifPresent(java.util.concurrent.atomic.AtomicInteger::incrementAndGet);
	}

	public Collection<Account> all() {
		return List.copyOf(accounts.values());
	}
}

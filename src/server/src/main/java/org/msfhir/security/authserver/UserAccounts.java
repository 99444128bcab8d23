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
 * hospital identity provider in {@code external} mode. Password guessing is slowed down by the
 * sign-in page ({@link LoginThrottle}), not here, so that nobody can lock an account.
 */
public class UserAccounts {

	/** A login account; the password is kept in encoder form only. */
	public record Account(String username, String encodedPassword, String fhirUser, String displayName) {
		@Override
		public String toString() {
			return "Account[" + username + ", " + fhirUser + "]";
		}
	}

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();
	private final PasswordEncoder passwordEncoder;
	private final String dummyHash;

	private final RegistrationStore store;

	public UserAccounts(List<SecurityProperties.User> configured, PasswordEncoder passwordEncoder) {
		this(configured, passwordEncoder, null);
	}

	/**
	 * @param store where users added through the admin API are kept, or null for memory only
	 */
	public UserAccounts(List<SecurityProperties.User> configured, PasswordEncoder passwordEncoder, RegistrationStore store) {
		this.passwordEncoder = passwordEncoder;
		this.store = store;
		this.dummyHash = passwordEncoder.encode("no such user");
		configured.forEach(this::register);
		if (store != null) {
			store.users().forEach(this::register);
		}
	}

	/** Adds a user through the admin API: checked, then stored (password hashed) to survive restarts. */
	public Account registerAndStore(SecurityProperties.User user) {
		if (user.password() == null || user.password().isBlank()) {
			throw new IllegalArgumentException("A user needs a username and a password");
		}
		// Through the API a password is always plain text: hash it whatever it looks like.
		Account account = register(new SecurityProperties.User(
				user.username(), passwordEncoder.encode(user.password()), user.fhirUser(), user.displayName()));
		if (store != null) {
			store.saveUser(new SecurityProperties.User(
					account.username(), account.encodedPassword(),
					account.fhirUser() == null ? "" : account.fhirUser(), account.displayName()));
		}
		return account;
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
		Account account = accounts.get(username);
		if (account == null || password == null) {
			passwordEncoder.matches("timing", dummyHash); // same time as a wrong password
			return Optional.empty();
		}
		return matches(password, account.encodedPassword()) ? Optional.of(account) : Optional.empty();
	}

	private boolean matches(String password, String encoded) {
		try {
			return passwordEncoder.matches(password, encoded);
		} catch (IllegalArgumentException unknownEncoding) {
			return false; // a configured password with an unknown {prefix}
		}
	}

	public Collection<Account> all() {
		return List.copyOf(accounts.values());
	}
}

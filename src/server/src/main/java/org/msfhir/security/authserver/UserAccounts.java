package org.msfhir.security.authserver;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.UserRole;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.StringUtils;

/**
 * Login accounts of the built-in authorization server: from {@code msfhir.security.users} and the
 * admin API (in memory). Each account has a {@link UserRole} and, depending on the role,
 * the patient it acts for or the Group listing the patients it may see. A production deployment with
 * real staff accounts would rather use its hospital identity provider in {@code external} mode.
 * Password guessing is slowed down by the sign-in page ({@link LoginThrottle}), not here, so that
 * nobody can lock an account.
 */
public class UserAccounts {

	/**
	 * A login account; the password is kept in encoder form only.
	 *
	 * @param patient the own patient id of a patient or related-person account, else null
	 * @param patientGroup for a clinician with a patient list: the Group id, else null
	 */
	public record Account(
			String username,
			String encodedPassword,
			String fhirUser,
			String displayName,
			UserRole role,
			String patient,
			String patientGroup,
			boolean identifiedData,
			boolean disabled) {

		/** Whether the user's rule confines every token to one patient (own, or one from a list). */
		public boolean confinedToOnePatient() {
			return role == UserRole.PATIENT || role == UserRole.RELATED_PERSON
					|| (role == UserRole.CLINICIAN && patientGroup != null);
		}

		SecurityProperties.User toProperties() {
			return new SecurityProperties.User(username, encodedPassword, orEmpty(fhirUser), displayName,
					role.code(), role == UserRole.RELATED_PERSON ? patient : "", orEmpty(patientGroup),
					identifiedData, disabled);
		}

		@Override
		public String toString() {
			return "Account[" + username + ", " + role.code() + ", " + fhirUser + "]";
		}
	}

	private static final String ID = "[A-Za-z0-9.-]{1,64}";

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

	/**
	 * Adds or replaces a user through the admin API: checked, then stored (password hashed) to survive
	 * restarts. When an existing user is updated without a password, the old password stays.
	 */
	public Account registerAndStore(SecurityProperties.User user) {
		String password = user.password();
		if (password == null || password.isBlank()) {
			Account existing = user.username() == null ? null : accounts.get(user.username());
			if (existing == null) {
				throw new IllegalArgumentException("A new user needs a username and a password");
			}
			password = existing.encodedPassword();
		} else {
			// Through the API a password is always plain text: hash it whatever it looks like.
			password = passwordEncoder.encode(password);
		}
		Account account = register(new SecurityProperties.User(user.username(), password, user.fhirUser(),
				user.displayName(), user.role(), user.patient(), user.patientGroup(), user.identifiedData(),
				user.disabled()));
		if (store != null) {
			store.saveUser(account.toProperties());
		}
		return account;
	}

	public Account register(SecurityProperties.User user) {
		if (!StringUtils.hasText(user.username()) || !StringUtils.hasText(user.password())) {
			throw new IllegalArgumentException("A user needs a username and a password");
		}
		if (StringUtils.hasText(user.fhirUser()) && !user.fhirUser().matches("(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)/" + ID)) {
			throw new IllegalArgumentException("fhirUser must look like Practitioner/123, was " + user.fhirUser());
		}
		String fhirUser = StringUtils.hasText(user.fhirUser()) ? user.fhirUser() : null;
		UserRole role = UserRole.parse(user.role()).orElseGet(() -> UserRole.fromFhirUser(fhirUser));
		String patient = null;
		String group = null;
		switch (role) {
			case PATIENT -> {
				if (fhirUser == null || !fhirUser.startsWith("Patient/")) {
					throw new IllegalArgumentException("A patient account needs fhirUser Patient/<id>");
				}
				patient = fhirUser.substring("Patient/".length());
			}
			case RELATED_PERSON -> {
				patient = idOf(user.patient(), "Patient");
				if (patient == null) {
					throw new IllegalArgumentException("A related-person account needs patient: the Patient id it acts for");
				}
			}
			case CLINICIAN -> group = idOf(user.patientGroup(), "Group");
			case RESEARCHER -> {
				// research operations only, unless identifiedData
			}
		}
		if (role != UserRole.CLINICIAN && StringUtils.hasText(user.patientGroup())) {
			throw new IllegalArgumentException("patientGroup applies to clinician accounts only");
		}
		String password = user.password();
		String encoded = password.startsWith("{") && password.indexOf('}') > 1 ? password : passwordEncoder.encode(password);
		Account account = new Account(
				user.username(),
				encoded,
				fhirUser,
				StringUtils.hasText(user.displayName()) ? user.displayName() : user.username(),
				role,
				patient,
				group,
				role == UserRole.RESEARCHER && user.identifiedData(),
				user.disabled());
		accounts.put(user.username(), account);
		return account;
	}

	private static String idOf(String reference, String type) {
		if (!StringUtils.hasText(reference)) {
			return null;
		}
		String id = reference.startsWith(type + "/") ? reference.substring(type.length() + 1) : reference;
		if (!id.matches(ID)) {
			throw new IllegalArgumentException(type + " id expected, was " + reference);
		}
		return id;
	}

	/** The account if the password is right and it is enabled; the same answer for every failure. */
	public Optional<Account> authenticate(String username, String password) {
		if (username == null) {
			return Optional.empty();
		}
		Account account = accounts.get(username);
		if (account == null || password == null) {
			passwordEncoder.matches("timing", dummyHash); // same time as a wrong password
			return Optional.empty();
		}
		if (matches(password, account.encodedPassword()) && !account.disabled()) {
			return Optional.of(account);
		}
		return Optional.empty();
	}

	/** The enabled account with this name. */
	public Optional<Account> active(String username) {
		return Optional.ofNullable(username == null ? null : accounts.get(username)).filter(a -> !a.disabled());
	}

	public Optional<Account> find(String username) {
		return Optional.ofNullable(username == null ? null : accounts.get(username));
	}

	/** Removes an account (configured ones come back at the next start). */
	public boolean remove(String username) {
		boolean removed = username != null && accounts.remove(username) != null;
		if (removed && store != null) {
			store.deleteUser(username);
		}
		return removed;
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

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}
}

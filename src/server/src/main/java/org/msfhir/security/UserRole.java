package org.msfhir.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The role of a signed-in user, carried in the access token's {@value #CLAIM} claim and applied on
 * top of the scopes: a token's access is what the client is registered for, intersected with the
 * scopes asked for and with the user's role.
 *
 * <ul>
 *   <li>{@link #PATIENT} and {@link #RELATED_PERSON}: confined to one patient's compartment whatever
 *       scope was asked for ({@code user/} included);
 *   <li>{@link #CLINICIAN}: all patients, or, with a patient list, one listed patient per token;
 *   <li>{@link #RESEARCHER}: research operations ({@code $ms-cohort}, own cohort Groups, their
 *       de-identified Group export) and no identified patient data unless the account is granted it.
 * </ul>
 */
public enum UserRole {
	PATIENT("patient"),
	RELATED_PERSON("related-person"),
	CLINICIAN("clinician"),
	RESEARCHER("researcher");

	/** Access token claim: the user's role. */
	public static final String CLAIM = "msfhir_role";
	/** Access token claim: true when the user's rule confines the token to its {@code patient} claim. */
	public static final String CONFINED_CLAIM = "msfhir_confined";
	/** Access token claim: true when a researcher may also read identified patient data. */
	public static final String IDENTIFIED_CLAIM = "msfhir_identified";

	private final String code;

	UserRole(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	/** The role with this code ({@code clinician}, {@code RELATED_PERSON} and {@code related_person} all work). */
	public static Optional<UserRole> parse(String text) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		String normal = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (UserRole role : values()) {
			if (role.code.equals(normal)) {
				return Optional.of(role);
			}
		}
		throw new IllegalArgumentException(
				"role must be one of patient, related-person, clinician, researcher; was " + text);
	}

	/** The role a {@code fhirUser} implies when none is configured. */
	public static UserRole fromFhirUser(String fhirUser) {
		if (fhirUser == null) {
			return RESEARCHER;
		}
		if (fhirUser.startsWith("Patient/")) {
			return PATIENT;
		}
		if (fhirUser.startsWith("RelatedPerson/")) {
			return RELATED_PERSON;
		}
		if (fhirUser.startsWith("Practitioner/") || fhirUser.startsWith("PractitionerRole/")) {
			return CLINICIAN;
		}
		return RESEARCHER;
	}
}

package org.msfhir.security;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.security.scope.SmartScopes;

/**
 * Who is calling and what they may do, built once per request from the validated access token:
 * the client, its parsed scopes and its launch context. Immutable; the one object enforcement, audit
 * and other features consult.
 */
public final class SmartAccess {

	private final String clientId;
	private final SmartScopes scopes;
	private final String patientId;
	private final String encounterId;
	private final String fhirUser;
	private final String subject;
	private final String tokenId;
	private final UserRole role;
	private final boolean userConfined;
	private final boolean identifiedData;

	public SmartAccess(
			String clientId,
			SmartScopes scopes,
			String patientId,
			String encounterId,
			String fhirUser,
			String subject,
			String tokenId) {
		this(clientId, scopes, patientId, encounterId, fhirUser, subject, tokenId, null, false, false);
	}

	/**
	 * @param role the signed-in user's role, or null (backend service, or a token without one)
	 * @param userConfined whether the user's rule confines the token to its patient, whatever the scopes
	 * @param identifiedData whether a researcher may read identified patient data
	 */
	public SmartAccess(
			String clientId,
			SmartScopes scopes,
			String patientId,
			String encounterId,
			String fhirUser,
			String subject,
			String tokenId,
			UserRole role,
			boolean userConfined,
			boolean identifiedData) {
		this.role = role;
		this.userConfined = userConfined || role == UserRole.PATIENT || role == UserRole.RELATED_PERSON;
		this.identifiedData = identifiedData;
		this.clientId = clientId;
		this.scopes = Objects.requireNonNull(scopes, "scopes");
		this.patientId = blankToNull(patientId);
		this.encounterId = blankToNull(encounterId);
		this.fhirUser = blankToNull(fhirUser);
		this.subject = blankToNull(subject);
		this.tokenId = blankToNull(tokenId);
	}

	/**
	 * Builds the access from token claims ({@code client_id}, {@code scope}, {@code patient},
	 * {@code encounter}, {@code fhirUser}, {@code sub}, {@code jti}). {@code scope} may be a
	 * space-separated string or a list; {@code scp} is accepted as an alternative name, as some
	 * identity providers use it. A {@code patient} of the form {@code Patient/123} is reduced to its id.
	 */
	public static SmartAccess fromClaims(Map<String, Object> claims, ScopeParser parser) {
		Object scopeClaim = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
		String clientId = string(claims.get("client_id"));
		if (clientId == null) {
			clientId = string(claims.get("azp"));
		}
		return new SmartAccess(
				clientId,
				parser.parse(scopeString(scopeClaim)),
				idPart(string(claims.get("patient")), "Patient"),
				idPart(string(claims.get("encounter")), "Encounter"),
				string(claims.get("fhirUser")),
				string(claims.get("sub")),
				string(claims.get("jti")),
				role(claims.get(UserRole.CLAIM)),
				Boolean.parseBoolean(String.valueOf(claims.get(UserRole.CONFINED_CLAIM))),
				Boolean.parseBoolean(String.valueOf(claims.get(UserRole.IDENTIFIED_CLAIM))));
	}

	/** An unknown role gets the narrowest one (a patient role without a patient claim grants nothing). */
	private static UserRole role(Object claim) {
		try {
			return UserRole.parse(string(claim)).orElse(null);
		} catch (IllegalArgumentException e) {
			return UserRole.PATIENT;
		}
	}

	/** The signed-in user's role, if the token carries one. */
	public Optional<UserRole> role() {
		return Optional.ofNullable(role);
	}

	/** Whether the user's rule confines this token to its {@code patient} claim, whatever its scopes. */
	public boolean userConfined() {
		return userConfined;
	}

	/**
	 * Whether the token is limited to research: a researcher without a grant for identified data. It
	 * runs research operations and reads its own cohorts, and reads no patient's records.
	 */
	public boolean researchOnly() {
		return role == UserRole.RESEARCHER && !identifiedData;
	}

	/**
	 * Who owns what this caller creates (cohort Groups): {@code user:<sub>} for a user's token,
	 * {@code client:<client_id>} for a backend service.
	 */
	public String owner() {
		return role != null && subject != null ? "user:" + subject : "client:" + clientId;
	}

	public String clientId() {
		return clientId;
	}

	public SmartScopes scopes() {
		return scopes;
	}

	/** The id of the patient in the launch context, if the token carries one. */
	public Optional<String> patientId() {
		return Optional.ofNullable(patientId);
	}

	public Optional<String> encounterId() {
		return Optional.ofNullable(encounterId);
	}

	/** The signed-in user as a FHIR reference ({@code Practitioner/123}), if known. */
	public Optional<String> fhirUser() {
		return Optional.ofNullable(fhirUser);
	}

	public Optional<String> subject() {
		return Optional.ofNullable(subject);
	}

	/** The token id ({@code jti}), if present. */
	public Optional<String> tokenId() {
		return Optional.ofNullable(tokenId);
	}

	/** A short description of the caller for logs and audit: client, user and patient context. */
	public String describe() {
		StringBuilder text = new StringBuilder("client=").append(clientId);
		if (fhirUser != null) {
			text.append(" user=").append(fhirUser);
		} else if (subject != null) {
			text.append(" sub=").append(subject);
		}
		if (patientId != null) {
			text.append(" patient=").append(patientId);
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "SmartAccess[" + describe() + " scope=" + scopes.source() + "]";
	}

	private static String scopeString(Object claim) {
		if (claim instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).collect(Collectors.joining(" "));
		}
		return string(claim);
	}

	private static String string(Object value) {
		return value == null ? null : blankToNull(value.toString());
	}

	private static String idPart(String reference, String type) {
		if (reference != null && reference.startsWith(type + "/")) {
			return reference.substring(type.length() + 1);
		}
		return reference;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}

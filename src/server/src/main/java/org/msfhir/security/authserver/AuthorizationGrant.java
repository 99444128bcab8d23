package org.msfhir.security.authserver;

import java.time.Instant;
import java.util.List;

/**
 * What a user (or a backend client) authorized: the basis of an authorization code and of a refresh
 * token, from which access tokens are made.
 *
 * @param clientId the client
 * @param scopes the granted scopes, in the form the client asked for them
 * @param username the signed-in user, or null
 * @param fhirUser the user's FHIR resource, or null
 * @param displayName the user's name, or null
 * @param patient the patient in context, or null
 * @param encounter the encounter in context, or null
 * @param needPatientBanner whether the app should show the patient banner (standalone launch)
 * @param audience the FHIR base URL the token is for
 * @param redirectUri the redirect URI the code was sent to
 * @param codeChallenge PKCE S256 challenge
 * @param nonce OpenID Connect nonce, or null
 * @param authTime when the user signed in
 */
public record AuthorizationGrant(
		String clientId,
		List<String> scopes,
		String username,
		String fhirUser,
		String displayName,
		String patient,
		String encounter,
		boolean needPatientBanner,
		String audience,
		String redirectUri,
		String codeChallenge,
		String nonce,
		Instant authTime) {

	public AuthorizationGrant {
		scopes = List.copyOf(scopes);
	}

	public String scope() {
		return String.join(" ", scopes);
	}

	public boolean has(String scope) {
		return scopes.contains(scope);
	}

	/** The same grant with fewer scopes (refresh with a narrower {@code scope}). */
	public AuthorizationGrant withScopes(List<String> narrower) {
		return new AuthorizationGrant(clientId, narrower, username, fhirUser, displayName, patient, encounter,
				needPatientBanner, audience, redirectUri, codeChallenge, nonce, authTime);
	}
}

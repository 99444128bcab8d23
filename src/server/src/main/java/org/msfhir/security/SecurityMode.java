package org.msfhir.security;

/** How requests to the FHIR endpoint are authenticated ({@code msfhir.security.mode}). */
public enum SecurityMode {
	/** The built-in SMART authorization server issues and validates the tokens (default). */
	EMBEDDED,
	/** Tokens come from another issuer (Keycloak, Okta, an EHR) and are checked against its JWKS. */
	EXTERNAL,
	/** No authentication at all: local development only, refused unless the server binds to localhost. */
	OPEN
}

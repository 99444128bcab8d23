package org.msfhir.security.authserver;

/**
 * An OAuth 2 error answered as {@code {"error": ..., "error_description": ...}} with the given HTTP
 * status (RFC 6749 section 5.2).
 */
public class OAuthException extends RuntimeException {

	private final int status;
	private final String error;

	public OAuthException(int status, String error, String description) {
		super(description);
		this.status = status;
		this.error = error;
	}

	public static OAuthException invalidRequest(String description) {
		return new OAuthException(400, "invalid_request", description);
	}

	public static OAuthException invalidClient(String description) {
		return new OAuthException(401, "invalid_client", description);
	}

	public static OAuthException invalidGrant(String description) {
		return new OAuthException(400, "invalid_grant", description);
	}

	public static OAuthException invalidScope(String description) {
		return new OAuthException(400, "invalid_scope", description);
	}

	public int status() {
		return status;
	}

	public String error() {
		return error;
	}
}

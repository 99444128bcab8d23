package org.msfhir.tools.auth;

/**
 * Where the tools get the bearer token of their requests. A renewing source hands out a fresh token
 * before the current one expires, so a load that outlasts a token's lifetime keeps going.
 */
public interface TokenSource {

	/** No token at all: a server in open development mode. */
	TokenSource NONE = new TokenSource() {
		@Override
		public String token() {
			return null;
		}
	};

	/** The token to send now, or null for none. */
	String token();

	/**
	 * The server refused {@code token} (401): forget it so the next {@link #token()} gets a new one.
	 *
	 * @return whether a new token can be had (false for a fixed token)
	 */
	default boolean refused(String token) {
		return false;
	}

	/** A fixed token (for example from {@code MSFHIR_TOKEN}); it cannot be renewed. */
	static TokenSource fixed(String token) {
		if (token == null || token.isBlank()) {
			return NONE;
		}
		return () -> token;
	}
}

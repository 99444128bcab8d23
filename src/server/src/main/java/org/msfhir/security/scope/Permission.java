package org.msfhir.security.scope;

/**
 * The SMART v2 permissions, in the order the v2 grammar requires them ({@code c r u d s}).
 * SMART v1 {@code read} maps to {@link #READ} and {@link #SEARCH}; v1 {@code write} to
 * {@link #CREATE}, {@link #UPDATE} and {@link #DELETE}.
 */
public enum Permission {
	CREATE('c'),
	READ('r'),
	UPDATE('u'),
	DELETE('d'),
	SEARCH('s');

	private final char letter;

	Permission(char letter) {
		this.letter = letter;
	}

	/** The v2 letter of this permission. */
	public char letter() {
		return letter;
	}

	static Permission fromLetter(char letter) {
		for (Permission permission : values()) {
			if (permission.letter == letter) {
				return permission;
			}
		}
		return null;
	}
}

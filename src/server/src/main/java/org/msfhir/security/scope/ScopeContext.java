package org.msfhir.security.scope;

/** The context part of a SMART resource scope: whose data the scope is about. */
public enum ScopeContext {
	/** {@code patient/}: data of the patient in the launch context (the token's {@code patient} claim). */
	PATIENT("patient"),
	/** {@code user/}: data the signed-in user may access. */
	USER("user"),
	/** {@code system/}: backend services, limited by the client's registered policy. */
	SYSTEM("system");

	private final String prefix;

	ScopeContext(String prefix) {
		this.prefix = prefix;
	}

	/** The scope prefix without the slash, e.g. {@code patient}. */
	public String prefix() {
		return prefix;
	}

	static ScopeContext fromPrefix(String prefix) {
		for (ScopeContext context : values()) {
			if (context.prefix.equals(prefix)) {
				return context;
			}
		}
		return null;
	}
}

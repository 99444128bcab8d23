package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import java.util.Set;

/**
 * Allows reading (read, vread, search, history, and resources returned by any read-direction
 * interaction) of a fixed set of types, whoever they belong to. Used for the shared reference types
 * a patient-confined token may read (one rule instead of one HAPI rule per type).
 */
final class SharedTypesReadRule extends TouchRule {

	private final Set<String> types;

	SharedTypesReadRule(Set<String> types, String name) {
		super(name);
		this.types = Set.copyOf(types);
	}

	@Override
	Verdict decide(Touch touch) {
		String type;
		if (touch.output() != null) {
			type = touch.output().fhirType();
		} else if (touch.operation() == null) {
			return null;
		} else {
			switch (touch.operation()) {
				case READ, VREAD, HISTORY_INSTANCE -> type = touch.targetType();
				case SEARCH_TYPE, HISTORY_TYPE -> type = touch.request().getResourceName();
				default -> {
					return null;
				}
			}
		}
		return type != null && types.contains(type) ? allow() : null;
	}
}

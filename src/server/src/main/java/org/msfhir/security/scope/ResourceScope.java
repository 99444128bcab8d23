package org.msfhir.security.scope;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One parsed SMART resource scope, e.g. {@code patient/Observation.rs?category=laboratory}.
 *
 * @param source the scope exactly as granted
 * @param context patient, user or system
 * @param resourceType a FHIR resource type, or {@code *} for all types
 * @param permissions what the scope allows (v1 scopes are expanded into v2 permissions)
 * @param restriction the v2 query restriction, or {@code null} when the scope has none
 * @param v1 whether the scope used the v1 form ({@code .read}, {@code .write}, {@code .*})
 */
public record ResourceScope(
		String source,
		ScopeContext context,
		String resourceType,
		Set<Permission> permissions,
		QueryRestriction restriction,
		boolean v1) {

	/** The wildcard resource type. */
	public static final String ANY_TYPE = "*";

	public ResourceScope {
		permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
	}

	public boolean isWildcard() {
		return ANY_TYPE.equals(resourceType);
	}

	public boolean isRestricted() {
		return restriction != null;
	}

	/**
	 * Whether this scope names the given type. A wildcard covers every type except those listed in
	 * {@code explicitOnlyTypes} (e.g. AuditEvent), which need a scope that names them.
	 */
	public boolean covers(String type, Set<String> explicitOnlyTypes) {
		if (isWildcard()) {
			return !explicitOnlyTypes.contains(type);
		}
		return resourceType.equals(type);
	}

	public boolean allows(Permission permission) {
		return permissions.contains(permission);
	}

	@Override
	public String toString() {
		return source;
	}
}

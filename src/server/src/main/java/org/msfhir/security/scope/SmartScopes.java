package org.msfhir.security.scope;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The scopes of one token, parsed once: resource scopes, the launch/identity scopes
 * ({@code launch}, {@code openid}, ...), other recognised names, and what was ignored as invalid.
 * Immutable and shared between requests that carry the same scope string.
 */
public final class SmartScopes {

	public static final String LAUNCH = "launch";
	public static final String LAUNCH_PATIENT = "launch/patient";
	public static final String LAUNCH_ENCOUNTER = "launch/encounter";
	public static final String OPENID = "openid";
	public static final String FHIR_USER = "fhirUser";
	public static final String PROFILE = "profile";
	public static final String OFFLINE_ACCESS = "offline_access";
	public static final String ONLINE_ACCESS = "online_access";

	/** Names that are valid scopes but grant no access to resources by themselves. */
	public static final Set<String> SPECIAL_SCOPES = Set.of(
			LAUNCH, LAUNCH_PATIENT, LAUNCH_ENCOUNTER, OPENID, FHIR_USER, PROFILE, OFFLINE_ACCESS, ONLINE_ACCESS);

	/**
	 * Types a wildcard scope ({@code user/*.rs}) does not cover: reading the audit trail needs a scope
	 * that names it, e.g. {@code system/AuditEvent.rs}.
	 */
	public static final Set<String> EXPLICIT_ONLY_TYPES = Set.of("AuditEvent");

	private static final SmartScopes EMPTY = new SmartScopes("", List.of(), Set.of(), Set.of(), List.of());

	private final String source;
	private final List<ResourceScope> resourceScopes;
	private final Set<String> specialScopes;
	private final Set<String> otherScopes;
	private final List<String> ignored;

	SmartScopes(
			String source,
			List<ResourceScope> resourceScopes,
			Set<String> specialScopes,
			Set<String> otherScopes,
			List<String> ignored) {
		this.source = source;
		this.resourceScopes = List.copyOf(resourceScopes);
		this.specialScopes = Set.copyOf(specialScopes);
		this.otherScopes = Set.copyOf(otherScopes);
		this.ignored = List.copyOf(ignored);
	}

	public static SmartScopes empty() {
		return EMPTY;
	}

	/** The scope string as granted. */
	public String source() {
		return source;
	}

	public List<ResourceScope> resourceScopes() {
		return resourceScopes;
	}

	/** Launch and identity scopes present ({@code launch/patient}, {@code openid}, ...). */
	public Set<String> specialScopes() {
		return specialScopes;
	}

	/** Well-formed scope names this server does not interpret as resource access (e.g. admin scopes). */
	public Set<String> otherScopes() {
		return otherScopes;
	}

	/** Scope strings that looked like resource scopes but were invalid, and were therefore ignored. */
	public List<String> ignored() {
		return ignored;
	}

	public boolean has(String scopeName) {
		return specialScopes.contains(scopeName) || otherScopes.contains(scopeName);
	}

	/** The resource scopes that grant {@code permission} on {@code resourceType}. */
	public List<ResourceScope> grants(String resourceType, Permission permission) {
		List<ResourceScope> result = new ArrayList<>(2);
		for (ResourceScope scope : resourceScopes) {
			if (scope.allows(permission) && scope.covers(resourceType, EXPLICIT_ONLY_TYPES)) {
				result.add(scope);
			}
		}
		return result;
	}

	public boolean allows(String resourceType, Permission permission) {
		for (ResourceScope scope : resourceScopes) {
			if (scope.allows(permission) && scope.covers(resourceType, EXPLICIT_ONLY_TYPES)) {
				return true;
			}
		}
		return false;
	}

	/** The contexts (patient, user, system) that any resource scope uses. */
	public Set<ScopeContext> contexts() {
		Set<ScopeContext> contexts = EnumSet.noneOf(ScopeContext.class);
		resourceScopes.forEach(scope -> contexts.add(scope.context()));
		return contexts;
	}

	@Override
	public String toString() {
		return source;
	}
}

package org.msfhir.security.enforcement;

import java.util.Set;
import java.util.stream.Collectors;
import org.msfhir.security.scope.Permission;

/**
 * What a request (or one bundle entry) needs: one of {@code anyOf} on {@code resourceType}, or, for
 * {@link #ALL_TYPES}, on every type through an unconfined wildcard scope.
 *
 * @param resourceType the FHIR type, or {@link #ALL_TYPES}
 * @param anyOf permissions of which one suffices
 * @param what the interaction, for messages (e.g. {@code search Observation})
 */
public record Requirement(String resourceType, Set<Permission> anyOf, String what) {

	public static final String ALL_TYPES = "*";

	public Requirement {
		anyOf = Set.copyOf(anyOf);
	}

	static Requirement of(String type, Permission permission, String what) {
		return new Requirement(type, Set.of(permission), what);
	}

	/** The v2 letters that would satisfy the requirement, e.g. {@code cu}. */
	String letters() {
		return anyOf.stream()
				.sorted()
				.map(p -> String.valueOf(p.letter()))
				.collect(Collectors.joining());
	}
}

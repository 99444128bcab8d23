package org.msfhir.security.authserver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.msfhir.security.scope.ResourceScope;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.security.scope.SmartScopes;

/**
 * Decides which of the requested scopes a client is granted: those its registration covers. A
 * registered resource scope covers a requested one of the same context when its type is the same or
 * {@code *} (a wildcard does not cover the audit trail types the enforcement treats as explicit-only), its permissions include the requested ones (v1 {@code read} = v2 {@code rs}, {@code
 * write} = {@code cud}, {@code *} = {@code cruds}) and it has no query restriction or exactly the same
 * one. Other scopes ({@code openid}, {@code launch/patient}, {@code offline_access}...) must be
 * registered by name. Granted scopes keep the form the client asked for, so v1 scopes are echoed in
 * v1 form.
 */
public class ScopePolicy {

	private final ScopeParser parser;

	public ScopePolicy(Set<String> resourceTypes) {
		this.parser = new ScopeParser(resourceTypes);
	}

	/** The requested scopes (space-separated) the client may have, in request order. */
	public List<String> grantable(RegisteredClient client, String requested) {
		List<String> granted = new ArrayList<>();
		if (requested == null || requested.isBlank()) {
			return granted;
		}
		List<ResourceScope> registered = parser.parse(String.join(" ", client.scopes())).resourceScopes();
		Set<String> registeredNames = new LinkedHashSet<>(client.scopes());
		for (String scope : new LinkedHashSet<>(List.of(requested.trim().split("\\s+")))) {
			SmartScopes parsed = parser.parse(scope);
			if (parsed.resourceScopes().size() == 1) {
				ResourceScope wanted = parsed.resourceScopes().get(0);
				if (registered.stream().anyMatch(r -> covers(r, wanted))) {
					granted.add(scope);
				}
			} else if (parsed.ignored().isEmpty() && registeredNames.contains(scope)) {
				granted.add(scope);
			}
		}
		return granted;
	}

	static boolean covers(ResourceScope registered, ResourceScope wanted) {
		if (registered.context() != wanted.context()) {
			return false;
		}
		boolean typeCovered = wanted.isWildcard()
				? registered.isWildcard()
				: registered.covers(wanted.resourceType(), SmartScopes.EXPLICIT_ONLY_TYPES);
		if (!typeCovered) {
			return false;
		}
		if (!registered.permissions().containsAll(wanted.permissions())) {
			return false;
		}
		return !registered.isRestricted()
				|| (wanted.isRestricted()
						&& Objects.equals(registered.restriction().toString(), wanted.restriction().toString()));
	}
}

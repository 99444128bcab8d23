package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.msfhir.security.scope.Permission;
import org.msfhir.security.scope.QueryRestriction;
import org.msfhir.security.scope.ResourceScope;
import org.msfhir.security.scope.SmartScopes;
import org.msfhir.common.PatientCompartment;

/**
 * What one kind of token may do, derived once from its scopes and launch patient and shared by all
 * requests with the same scopes and patient: the usable resource scopes, the patient it is confined
 * to (if any), and the HAPI authorization rules that check every resource going in and out.
 */
public final class AccessPolicy {

	private final String scopeSource;
	private final String confinedPatient;
	private final List<ResourceScope> scopes;
	private final List<String> unusable;
	private final List<IAuthRule> rules;
	private final PatientCompartment compartment;
	private final boolean unrestricted;
	private final boolean researchOnly;
	private final boolean mayResearch;

	AccessPolicy(
			String scopeSource,
			String confinedPatient,
			List<ResourceScope> scopes,
			List<String> unusable,
			List<IAuthRule> rules,
			PatientCompartment compartment,
			boolean unrestricted) {
		this(scopeSource, confinedPatient, scopes, unusable, rules, compartment, unrestricted, false, true);
	}

	AccessPolicy(
			String scopeSource,
			String confinedPatient,
			List<ResourceScope> scopes,
			List<String> unusable,
			List<IAuthRule> rules,
			PatientCompartment compartment,
			boolean unrestricted,
			boolean researchOnly,
			boolean mayResearch) {
		this.researchOnly = researchOnly;
		this.mayResearch = mayResearch;
		this.scopeSource = scopeSource;
		this.confinedPatient = confinedPatient;
		this.scopes = List.copyOf(scopes);
		this.unusable = List.copyOf(unusable);
		this.rules = List.copyOf(rules);
		this.compartment = compartment;
		this.unrestricted = unrestricted;
	}

	/** True only in the explicitly configured open development mode: nothing is checked. */
	public boolean unrestricted() {
		return unrestricted;
	}

	/**
	 * Whether the token belongs to a researcher without access to identified data: it reaches no
	 * patient compartment type except Group (its cohorts).
	 */
	public boolean researchOnly() {
		return researchOnly;
	}

	/** Whether the caller may run research operations: a backend service or a researcher. */
	public boolean mayResearch() {
		return unrestricted || mayResearch;
	}

	/** The patient whose compartment the token is confined to, if any. */
	public Optional<String> confinedPatient() {
		return Optional.ofNullable(confinedPatient);
	}

	public List<ResourceScope> scopes() {
		return scopes;
	}

	/** Scopes that were granted but cannot be used (e.g. patient/ scopes without a patient claim). */
	public List<String> unusable() {
		return unusable;
	}

	public List<IAuthRule> rules() {
		return rules;
	}

	public String scopeSource() {
		return scopeSource;
	}

	/** Whether some scope grants {@code permission} on {@code type}, taking the confinement into account. */
	public boolean allows(String type, Permission permission) {
		if (unrestricted) {
			return true;
		}
		if (!reachable(type, permission)) {
			return false;
		}
		for (ResourceScope scope : scopes) {
			if (scope.allows(permission) && scope.covers(type, SmartScopes.EXPLICIT_ONLY_TYPES)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a scope grants {@code permission} on every type ({@code *}), unconfined. */
	public boolean allowsOnAllTypes(Permission permission) {
		if (unrestricted) {
			return true;
		}
		return confinedPatient == null
				&& !researchOnly
				&& scopes.stream().anyMatch(s -> s.isWildcard() && !s.isRestricted() && s.allows(permission));
	}

	/** Whether a type holds shared reference data rather than patient records. */
	public boolean isSharedReferenceType(String type) {
		return compartment.isSharedReferenceType(type);
	}

	/** Whether every scope that lets the token search {@code type} carries a query restriction. */
	public boolean searchableOnlyRestricted(String type) {
		if (unrestricted) {
			return false;
		}
		boolean any = false;
		for (ResourceScope scope : scopes) {
			if (scope.allows(Permission.SEARCH) && scope.covers(type, SmartScopes.EXPLICIT_ONLY_TYPES)) {
				if (!scope.isRestricted()) {
					return false;
				}
				any = true;
			}
		}
		return any;
	}

	/** A confined token reaches only compartment types, and reads (not writes) shared reference types. */
	private boolean reachable(String type, Permission permission) {
		if (researchOnly && compartment.contains(type) && !"Group".equals(type)) {
			return false;
		}
		if (confinedPatient == null || compartment.contains(type)) {
			return true;
		}
		return (permission == Permission.READ || permission == Permission.SEARCH)
				&& compartment.isSharedReferenceType(type);
	}

	/**
	 * The search parameters to add to a search of {@code type} so that it returns only what the token
	 * may see: the patient compartment for confined tokens, and the query restriction when every scope
	 * that allows the search is restricted on the same single parameter. Values of one parameter are
	 * alternatives (joined with commas); separate parameters must all match.
	 */
	public Map<String, String> searchNarrowing(String type) {
		if (unrestricted) {
			return Map.of();
		}
		Map<String, String> narrowing = new LinkedHashMap<>();
		if (confinedPatient != null) {
			compartment.narrowingParameter(type).ifPresent(param ->
					narrowing.put(param, "_id".equals(param) ? confinedPatient : "Patient/" + confinedPatient));
		}
		List<ResourceScope> searchScopes = new ArrayList<>();
		for (ResourceScope scope : scopes) {
			if (scope.allows(Permission.SEARCH) && scope.covers(type, SmartScopes.EXPLICIT_ONLY_TYPES)) {
				searchScopes.add(scope);
			}
		}
		if (!searchScopes.isEmpty() && searchScopes.stream().allMatch(this::singleCriterion)) {
			List<String> names = searchScopes.stream()
					.map(s -> s.restriction().criteria().get(0).name())
					.distinct()
					.toList();
			if (names.size() == 1) {
				narrowing.put(names.get(0), searchScopes.stream()
						.map(s -> s.restriction().criteria().get(0).value())
						.distinct()
						.collect(Collectors.joining(",")));
			}
		}
		return narrowing;
	}

	private boolean singleCriterion(ResourceScope scope) {
		QueryRestriction restriction = scope.restriction();
		return restriction != null && restriction.criteria().size() == 1;
	}

	/** The scopes a request needing {@code permission} on {@code type} could use, for messages. */
	public String describeConfinement() {
		if (unrestricted) {
			return "open development mode";
		}
		if (researchOnly) {
			return "research account without identified data";
		}
		return confinedPatient == null ? "no patient context" : "confined to Patient/" + confinedPatient;
	}
}

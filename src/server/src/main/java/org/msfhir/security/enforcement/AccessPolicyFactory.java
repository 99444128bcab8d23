package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.IdType;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.UserRole;
import org.msfhir.security.scope.Permission;
import org.msfhir.security.scope.ResourceScope;
import org.msfhir.security.scope.ScopeContext;
import org.msfhir.security.scope.SmartScopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.msfhir.common.PatientCompartment;

/**
 * Turns a token's scopes and launch patient into an {@link AccessPolicy}, once per distinct
 * (scope string, patient) pair; requests reuse the cached policy, so enforcement costs a map lookup
 * per request plus a short rule walk per resource.
 *
 * <p>Confinement: {@code patient/} scopes are confined to the token's {@code patient} claim (without
 * one they grant nothing). When {@code confineToLaunchPatient} is on (the default), {@code user/} and
 * {@code system/} scopes of a token that carries a {@code patient} claim are confined the same way:
 * an app launched for a patient works on that patient only.
 */
public final class AccessPolicyFactory {

	private static final Logger LOG = LoggerFactory.getLogger(AccessPolicyFactory.class);
	private static final int CACHE_LIMIT = 10_000;

	/** Operations that return no stored resources (validation and terminology results, job status). */
	static final Set<String> RESULT_ONLY_OPERATIONS = Set.of(
			"$validate", "$expand", "$lookup", "$validate-code", "$subsumes", "$translate",
			"$export-poll-status", "$meta");

	private final PatientCompartment compartment;
	private final boolean confineToLaunchPatient;
	private final Map<String, AccessPolicy> cache = new ConcurrentHashMap<>();
	private final AccessPolicy openPolicy;

	public AccessPolicyFactory(PatientCompartment compartment, boolean confineToLaunchPatient) {
		this.compartment = compartment;
		this.confineToLaunchPatient = confineToLaunchPatient;
		this.openPolicy = new AccessPolicy(
				"(open mode)", null, List.of(), List.of(), new RuleBuilder().allowAll().build(), compartment, true);
	}

	/** The policy of the open development mode: everything allowed, nothing confined. */
	public AccessPolicy open() {
		return openPolicy;
	}

	public AccessPolicy policyFor(SmartAccess access) {
		String patient = access.patientId().orElse(null);
		String key = access.scopes().source() + "\u0000" + (patient == null ? "" : patient)
				+ "\u0000" + access.userConfined() + access.researchOnly() + access.role().map(r -> r.code()).orElse("");
		AccessPolicy policy = cache.get(key);
		if (policy == null) {
			boolean research = access.role().map(role -> role == UserRole.RESEARCHER).orElse(true);
			policy = build(access.scopes(), patient, access.userConfined(), access.researchOnly(), research);
			if (cache.size() >= CACHE_LIMIT) {
				cache.clear();
			}
			cache.put(key, policy);
		}
		return policy;
	}

	AccessPolicy build(SmartScopes scopes, String patient) {
		return build(scopes, patient, false, false, true);
	}

	/**
	 * @param userConfined the user's rule confines every scope to {@code patient} (patient accounts,
	 *     clinicians with a patient list); without a patient nothing is usable
	 * @param researchOnly a researcher without identified data: no patient records, cohorts only
	 * @param mayResearch whether research operations are open to the caller (a researcher or a
	 *     backend service; not a patient or clinician account)
	 */
	AccessPolicy build(
			SmartScopes scopes, String patient, boolean userConfined, boolean researchOnly, boolean mayResearch) {
		List<ResourceScope> usable = new ArrayList<>();
		List<String> unusable = new ArrayList<>();
		boolean confined = false;
		for (ResourceScope scope : scopes.resourceScopes()) {
			if (userConfined) {
				if (patient == null) {
					unusable.add(scope.source());
					continue;
				}
				confined = true;
			} else if (scope.context() == ScopeContext.PATIENT) {
				if (patient == null) {
					unusable.add(scope.source());
					continue;
				}
				confined = true;
			} else if (patient != null && confineToLaunchPatient) {
				confined = true;
			}
			usable.add(scope);
		}
		if (!unusable.isEmpty()) {
			LOG.debug("patient/ scopes without a patient claim grant nothing: {}", unusable);
		}
		String confinedPatient = confined ? patient : null;
		List<IAuthRule> rules = new ArrayList<>();
		rules.add(new CohortOwnerRule());
		if (researchOnly) {
			rules.add(new ResearchOnlyRule(compartment));
		}
		rules.addAll(rules(usable, confinedPatient));
		return new AccessPolicy(scopes.source(), confinedPatient, usable, unusable, rules, compartment, false, researchOnly, mayResearch);
	}

	private List<IAuthRule> rules(List<ResourceScope> scopes, String patient) {
		RuleBuilder builder = new RuleBuilder();
		IdType patientId = patient == null ? null : new IdType("Patient", patient);

		// The audit trail: a wildcard never reaches it; only scopes naming AuditEvent do.
		boolean wildcard = scopes.stream().anyMatch(ResourceScope::isWildcard);
		AuditTrailRule auditTrail = wildcard
				? new AuditTrailRule(
						namesAuditEvent(scopes, Permission.READ, Permission.SEARCH),
						namesAuditEvent(scopes, Permission.CREATE, Permission.UPDATE),
						namesAuditEvent(scopes, Permission.DELETE))
				: null;

		builder.allow("metadata").metadata();
		// Batch/transaction: the bundle itself is allowed; every entry then meets the normal rules.
		builder.allow("transaction").transaction().withAnyOperation().andApplyNormalRules();
		if (scopes.stream().anyMatch(s -> s.allows(Permission.UPDATE))) {
			// A patch becomes an update in storage, where the write rules check old and new content.
			builder.allow("patch").patch().allRequests();
		}
		for (String operation : RESULT_ONLY_OPERATIONS) {
			builder.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses();
		}
		// Other operations ($everything, $ms-cohort, ...): which ones a token may call is decided by
		// the scope gate; whatever they return must pass the read rules below.
		builder.allow("operations").operation().withAnyName().atAnyLevel().andRequireExplicitResponseAuthorization();
		bulkExportRules(builder, scopes, patient);

		Set<String> sharedReadable = new HashSet<>();
		for (ResourceScope scope : scopes) {
			String name = scope.source();
			if (scope.allows(Permission.READ) || scope.allows(Permission.SEARCH)) {
				finish(classify(builder.allow(name).read(), scope), scope, patientId, true);
				if (patientId != null) {
					sharedReadable.addAll(sharedTypes(scope));
				}
			}
			if (scope.allows(Permission.UPDATE)) {
				finish(classify(builder.allow(name).write(), scope), scope, patientId, false);
			} else if (scope.allows(Permission.CREATE)) {
				finish(classify(builder.allow(name).create(), scope), scope, patientId, false);
			}
			if (scope.allows(Permission.DELETE)) {
				IAuthRuleBuilderRuleOpClassifier delete = scope.isWildcard()
						? builder.allow(name).delete().allResources()
						: builder.allow(name).delete().resourcesOfType(scope.resourceType());
				finish(delete, scope, patientId, false);
			}
		}
		List<IAuthRule> rules = new ArrayList<>();
		if (auditTrail != null) {
			rules.add(auditTrail);
		}
		rules.addAll(builder.build());
		if (!sharedReadable.isEmpty()) {
			rules.add(new SharedTypesReadRule(sharedReadable, "shared reference data"));
		}
		return rules;
	}

	private static IAuthRuleBuilderRuleOpClassifier classify(
			ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp op, ResourceScope scope) {
		return scope.isWildcard() ? op.allResources() : op.resourcesOfType(scope.resourceType());
	}

	/**
	 * Completes a rule: confined tokens get the patient compartment (with the query filter if the
	 * scope has one); others any id (or the filter). A confined scope on a type outside the
	 * compartment adds no rule here: reads of shared reference types are covered by
	 * {@link SharedTypesReadRule}, and writes to them are not allowed.
	 */
	private void finish(IAuthRuleBuilderRuleOpClassifier target, ResourceScope scope, IdType patient, boolean read) {
		String filter = scope.isRestricted() ? scope.restriction().toQueryString() : null;
		if (patient != null) {
			if (!scope.isWildcard() && !compartment.contains(scope.resourceType())) {
				if (read && compartment.isSharedReferenceType(scope.resourceType())) {
					if (filter != null) {
						target.withFilter(filter);
					} else {
						target.withAnyId();
					}
				}
				return;
			}
			if (filter != null) {
				target.inCompartmentWithFilter("Patient", patient, filter);
			} else {
				target.inCompartment("Patient", patient);
			}
			return;
		}
		if (filter != null) {
			target.withFilter(filter);
		} else {
			target.withAnyId();
		}
	}

	private Set<String> sharedTypes(ResourceScope scope) {
		if (!scope.isWildcard() || scope.isRestricted()) {
			return Set.of();
		}
		Set<String> types = new HashSet<>();
		for (String type : compartment.typesOutside()) {
			if (compartment.isSharedReferenceType(type)) {
				types.add(type);
			}
		}
		return types;
	}

	/**
	 * Bulk export ({@code $export}): unconfined tokens export the types they may read (any type with
	 * an unrestricted wildcard read); a confined token may export its own patient's data only.
	 */
	private void bulkExportRules(RuleBuilder builder, List<ResourceScope> scopes, String patient) {
		boolean wildcardRead = false;
		Set<String> readable = new HashSet<>();
		for (ResourceScope scope : scopes) {
			if (!scope.allows(Permission.READ) || scope.isRestricted()) {
				continue; // query-restricted scopes cannot be honoured by a bulk export
			}
			if (scope.isWildcard()) {
				wildcardRead = true;
			} else {
				readable.add(scope.resourceType());
			}
		}
		if (!wildcardRead && readable.isEmpty()) {
			return;
		}
		var target = patient != null
				? builder.allow("bulk export").bulkExport().patientExportOnPatient("Patient/" + patient)
				: builder.allow("bulk export").bulkExport().any();
		if (!wildcardRead) {
			target.withResourceTypes(readable);
		}
	}

	private static boolean namesAuditEvent(List<ResourceScope> scopes, Permission... permissions) {
		for (ResourceScope scope : scopes) {
			if ("AuditEvent".equals(scope.resourceType())) {
				for (Permission permission : permissions) {
					if (scope.allows(permission)) {
						return true;
					}
				}
			}
		}
		return false;
	}
}

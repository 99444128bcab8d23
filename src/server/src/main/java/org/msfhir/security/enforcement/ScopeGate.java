package org.msfhir.security.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.msfhir.security.scope.Permission;

/**
 * The request-level half of enforcement: decides from the interaction alone (type, id, operation,
 * search parameters), before anything is read or written, whether the token's scopes allow it.
 * Resource-level checks (patient compartment, query restrictions) follow in the HAPI authorization
 * rules of the {@link AccessPolicy}.
 *
 * <p>Mapping: read, vread and instance history need {@code r}; search and type history need
 * {@code s} (and {@code s} on every type a {@code _has} or chained parameter searches); system search
 * and history need {@code s} on each {@code _type} or an unconfined wildcard; create {@code c};
 * update and patch {@code u}; delete {@code d}; {@code $validate} {@code c} or {@code u}.
 */
public final class ScopeGate {

	/**
	 * Operations that need no resource scope here: terminology, and the bulk export status and file
	 * download, which the export itself restricts to the client that started the job (the files hold
	 * only what that client's scopes allowed at kick-off).
	 */
	static final Set<String> OPEN_OPERATIONS = Set.of(
			"$expand", "$lookup", "$validate-code", "$subsumes", "$translate", "$export-poll-status", "$export-download");

	/** Administrative operations: only an unconfined wildcard {@code cruds} token may run them. */
	static final Set<String> ADMIN_OPERATIONS = Set.of(
			"$expunge", "$reindex", "$reindex-dryrun", "$mark-all-resources-for-reindexing",
			"$perform-reindexing-pass", "$trigger-subscription", "$delete-expunge", "$hapi.fhir.replace-references",
			"$merge", "$import");

	private final FhirContext fhirContext;

	public ScopeGate(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/**
	 * Checks one interaction against the policy.
	 *
	 * @return null when allowed, otherwise the reason for the 403
	 */
	public String refusal(
			AccessPolicy policy,
			RestOperationTypeEnum interaction,
			String type,
			String id,
			String operation,
			Map<String, String[]> params) {
		if (policy.unrestricted()) {
			return null;
		}
		try {
			for (Requirement requirement : requirements(policy, interaction, type, id, operation, params)) {
				String missing = check(policy, requirement);
				if (missing != null) {
					return missing;
				}
			}
			return null;
		} catch (Refusal refusal) {
			return refusal.getMessage();
		}
	}

	List<Requirement> requirements(
			AccessPolicy policy,
			RestOperationTypeEnum interaction,
			String type,
			String id,
			String operation,
			Map<String, String[]> params) {
		List<Requirement> needs = new ArrayList<>(2);
		if (interaction == null) {
			throw new Refusal("Access denied: unrecognised interaction");
		}
		switch (interaction) {
			case METADATA, GET_PAGE, TRANSACTION, BATCH -> {
				// metadata is public; pages and bundle entries are checked resource by resource
			}
			case READ, VREAD, HISTORY_INSTANCE, GET_TAGS, META -> needs.add(
					Requirement.of(typeOrAll(type), Permission.READ, interaction.getCode() + " " + label(type, id)));
			case SEARCH_TYPE, HISTORY_TYPE -> {
				needs.add(Requirement.of(type, Permission.SEARCH, interaction.getCode() + " " + type));
				searchedTypes(policy, type, params, needs);
			}
			case SEARCH_SYSTEM, HISTORY_SYSTEM -> {
				String[] types = params == null ? null : params.get("_type");
				if (types == null || types.length == 0) {
					needs.add(Requirement.of(Requirement.ALL_TYPES, Permission.SEARCH, interaction.getCode()));
				} else {
					for (String list : types) {
						for (String t : list.split(",")) {
							needs.add(Requirement.of(t.trim(), Permission.SEARCH, interaction.getCode() + " " + t.trim()));
						}
					}
				}
			}
			case CREATE -> {
				groupWrite(policy, type, "create " + type);
				needs.add(Requirement.of(type, Permission.CREATE, "create " + type));
			}
			case UPDATE -> {
				groupWrite(policy, type, "update " + label(type, id));
				needs.add(Requirement.of(type, Permission.UPDATE, "update " + label(type, id)));
			}
			case PATCH -> {
				groupWrite(policy, type, "patch " + label(type, id));
				needs.add(Requirement.of(type, Permission.UPDATE, "patch " + label(type, id)));
			}
			case DELETE -> {
				groupWrite(policy, type, "delete " + label(type, id));
				needs.add(Requirement.of(type, Permission.DELETE, "delete " + label(type, id)));
			}
			case ADD_TAGS, DELETE_TAGS, META_ADD, META_DELETE -> needs.add(
					Requirement.of(type, Permission.UPDATE, interaction.getCode() + " " + label(type, id)));
			case VALIDATE -> needs.add(validate(type));
			case GRAPHQL_REQUEST -> needs.add(Requirement.of(Requirement.ALL_TYPES, Permission.READ, "GraphQL"));
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
				operation(policy, interaction, type, id, operation, params, needs);
			default -> throw new Refusal("Access denied: the interaction " + interaction.getCode()
					+ " is not available to SMART clients");
		}
		return needs;
	}

	private void operation(
			AccessPolicy policy,
			RestOperationTypeEnum interaction,
			String type,
			String id,
			String operation,
			Map<String, String[]> params,
			List<Requirement> needs) {
		String name = operation == null ? "" : operation.startsWith("$") ? operation : "$" + operation;
		String where = interaction == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER
				? name
				: label(type, id) + "/" + name;
		String confinedTo = policy.confinedPatient().orElse(null);
		if (OPEN_OPERATIONS.contains(name)) {
			return;
		}
		if (ADMIN_OPERATIONS.contains(name)) {
			if (!policy.allowsOnAllTypes(Permission.DELETE) || !policy.allowsOnAllTypes(Permission.UPDATE)) {
				throw new Refusal("Access denied: " + where + " is an administrative operation and needs an"
						+ " unconfined wildcard scope such as system/*.cruds");
			}
			return;
		}
		switch (name) {
			case "$validate" -> needs.add(validate(type));
			case "$meta-add", "$meta-delete" -> needs.add(Requirement.of(type, Permission.UPDATE, where));
			case "$everything" -> {
				if (confinedTo != null && !("Patient".equals(type) && confinedTo.equals(id))) {
					throw new Refusal("Access denied: " + where + " - this token is confined to Patient/"
							+ confinedTo + " and may call $everything only on it");
				}
				needs.add(Requirement.of(type, id != null ? Permission.READ : Permission.SEARCH, where));
			}
			case "$ms-cohort" -> {
				research(policy, where);
				needs.add(Requirement.of("Group", id != null ? Permission.UPDATE : Permission.CREATE, where));
			}
			case "$export" -> {
				if ("Group".equals(type)) {
					research(policy, where);
					if (policy.researchOnly()) {
						// the export itself makes the files de-identified for such a token
						needs.add(Requirement.of("Group", Permission.READ, where));
						return;
					}
				} else if (policy.researchOnly()) {
					throw new Refusal("Access denied: " + where + " - a research account exports cohorts only"
							+ " (Group/[id]/$export, de-identified)");
				}
				export(interaction, type, id, params, confinedTo, where, needs);
			}
			case "$ms-progression", "$ms-summary" -> diseaseCourse(type, id, name, params, confinedTo, where, needs);
			default -> {
				if (interaction == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
					needs.add(Requirement.of(Requirement.ALL_TYPES, Permission.READ, where));
				} else {
					needs.add(Requirement.of(type, id != null ? Permission.READ : Permission.SEARCH, where));
				}
			}
		}
	}

	/**
	 * The disease-course operations read a patient's Observations and Conditions (and, for the summary,
	 * MedicationStatements). A token confined to a patient may run them on that patient only, never on a
	 * Group; at type level its {@code patient} parameter must name that patient.
	 */
	private static void diseaseCourse(
			String type,
			String id,
			String name,
			Map<String, String[]> params,
			String confinedTo,
			String where,
			List<Requirement> needs) {
		if (confinedTo != null) {
			String target = id;
			if (target == null && "Patient".equals(type)) {
				String[] values = params == null ? null : params.get("patient");
				target = values == null || values.length != 1 ? null
						: values[0].startsWith("Patient/") ? values[0].substring("Patient/".length()) : values[0];
			}
			if (!"Patient".equals(type) || !confinedTo.equals(target)) {
				throw new Refusal("Access denied: " + where + " - this token is confined to Patient/" + confinedTo
						+ " and may call " + name + " only on it");
			}
		}
		needs.add(Requirement.of(type, id != null ? Permission.READ : Permission.SEARCH, where));
		needs.add(Requirement.of("Observation", Permission.SEARCH, where + " reads Observations"));
		needs.add(Requirement.of("Condition", Permission.SEARCH, where + " reads Conditions"));
		if ("$ms-summary".equals(name)) {
			needs.add(Requirement.of("MedicationStatement", Permission.SEARCH, where + " reads MedicationStatements"));
		}
	}

	/**
	 * Research operations (cohorts and their export) need a grant without a patient context, by a
	 * backend service or a researcher: never a patient-confined token, nor a clinician's.
	 */
	private static void research(AccessPolicy policy, String where) {
		if (policy.confinedPatient().isPresent()) {
			throw new Refusal("Access denied: " + where + " is a research operation; this token is confined to Patient/"
					+ policy.confinedPatient().get() + ". It needs a system/ or user/ grant of a research account or"
					+ " backend service");
		}
		if (!policy.mayResearch()) {
			throw new Refusal("Access denied: " + where + " is a research operation and needs a research account"
					+ " or a backend service");
		}
	}

	private void export(
			RestOperationTypeEnum interaction,
			String type,
			String id,
			Map<String, String[]> params,
			String confinedTo,
			String where,
			List<Requirement> needs) {
		if (confinedTo != null
				&& !(interaction == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
						&& "Patient".equals(type)
						&& confinedTo.equals(id))) {
			throw new Refusal("Access denied: " + where + " - this token is confined to Patient/" + confinedTo
					+ "; bulk export of other data needs system/ scopes without a patient context");
		}
		String[] types = params == null ? null : params.get("_type");
		if (types == null || types.length == 0) {
			if (confinedTo == null) {
				// no _type: the export itself leaves out every type the token cannot read
				return;
			} else {
				needs.add(Requirement.of("Patient", Permission.READ, where));
			}
			return;
		}
		for (String list : types) {
			for (String t : list.split(",")) {
				if (!t.isBlank()) {
					needs.add(Requirement.of(t.trim(), Permission.READ, where + " of " + t.trim()));
				}
			}
		}
	}

	/** Groups (cohorts, patient lists) list other patients: a patient-confined token does not write them. */
	private static void groupWrite(AccessPolicy policy, String type, String what) {
		if ("Group".equals(type) && policy.confinedPatient().isPresent()) {
			throw new Refusal("Access denied: " + what + " - a token confined to a patient does not write Groups");
		}
	}

	private static Requirement validate(String type) {
		return new Requirement(
				typeOrAll(type), EnumSet.of(Permission.CREATE, Permission.UPDATE), "$validate " + typeOrAll(type));
	}

	/**
	 * Adds {@code s} on the types that {@code _has} and chained parameters search. A join can reach
	 * resources the narrowing of the base type does not confine: for a patient-confined token, a
	 * {@code _has} or chain into a Patient compartment type is refused (it could test another
	 * patient's values); chains into shared reference types stay allowed. A join into a type that the
	 * token may search only under a query restriction is refused too, as the restriction cannot be
	 * applied inside the join.
	 */
	private void searchedTypes(AccessPolicy policy, String type, Map<String, String[]> params, List<Requirement> needs) {
		if (params == null) {
			return;
		}
		for (String name : params.keySet()) {
			if (name.startsWith("_has:")) {
				String[] parts = name.split(":");
				// _has:Type:reference:param, possibly nested (_has:A:ref:_has:B:ref:param)
				for (int i = 0; i + 1 < parts.length; i++) {
					if ("_has".equals(parts[i])) {
						joinTarget(policy, parts[i + 1], name);
						needs.add(Requirement.of(parts[i + 1], Permission.SEARCH, "search via " + name));
					}
				}
			} else if (!name.startsWith("_") && name.indexOf('.') > 0) {
				chainedTypes(policy, type, name, needs);
			}
		}
	}

	/** Refuses a join into {@code target} that the token's confinement or restriction cannot follow. */
	private void joinTarget(AccessPolicy policy, String target, String parameter) {
		String patient = policy.confinedPatient().orElse(null);
		if (patient != null && !policy.isSharedReferenceType(target)) {
			throw new Refusal("Access denied: search parameter " + parameter + " joins " + target
					+ " resources of any patient; a token confined to Patient/" + patient
					+ " may chain only into shared reference types (Practitioner, Organization, Medication, ...)");
		}
		if (policy.searchableOnlyRestricted(target)) {
			throw new Refusal("Access denied: search parameter " + parameter + " joins " + target
					+ ", which this token may search only under a query restriction that a chain cannot apply");
		}
	}

	private void chainedTypes(AccessPolicy policy, String type, String name, List<Requirement> needs) {
		String[] hops = name.split("\\.");
		Set<String> current = Set.of(type == null ? "" : type);
		for (int i = 0; i + 1 < hops.length; i++) {
			String hop = hops[i];
			int colon = hop.indexOf(':');
			Set<String> targets = new java.util.TreeSet<>();
			if (colon > 0) {
				targets.add(hop.substring(colon + 1));
			} else {
				for (String from : current) {
					targets.addAll(referenceTargets(from, hop));
				}
			}
			for (String target : targets) {
				joinTarget(policy, target, name);
			}
			if (i == 0) {
				firstHop(targets, name, needs);
			}
			current = targets;
		}
	}

	private static void firstHop(Set<String> targets, String name, List<Requirement> needs) {
		if (targets.size() == 1) {
			String target = targets.iterator().next();
			needs.add(Requirement.of(target, Permission.SEARCH, "search via chain " + name));
		} else if (!targets.isEmpty()) {
			// Several possible targets: one searchable target is enough; the others match nothing.
			needs.add(new Requirement(
					"(" + String.join("|", targets) + ")", Set.of(Permission.SEARCH), "search via chain " + name));
		}
	}

	private Set<String> referenceTargets(String type, String param) {
		if (type == null || !fhirContext.getResourceTypes().contains(type)) {
			return Set.of();
		}
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
		RuntimeSearchParam searchParam = definition.getSearchParam(param);
		if (searchParam == null || searchParam.getTargets() == null) {
			return Set.of();
		}
		return searchParam.getTargets().stream()
				.filter(t -> fhirContext.getResourceTypes().contains(t))
				.collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	/** Null when the policy satisfies the requirement, otherwise the message naming what is missing. */
	String check(AccessPolicy policy, Requirement requirement) {
		String type = requirement.resourceType();
		if (Requirement.ALL_TYPES.equals(type)) {
			for (Permission permission : requirement.anyOf()) {
				if (policy.allowsOnAllTypes(permission)) {
					return null;
				}
			}
			return missing(policy, requirement, "system/*." + requirement.letters() + " or user/*."
					+ requirement.letters() + " (without a patient context)");
		}
		if (type.startsWith("(")) {
			for (String candidate : type.substring(1, type.length() - 1).split("\\|")) {
				if (allowsAny(policy, candidate, requirement.anyOf())) {
					return null;
				}
			}
			return missing(policy, requirement, "s on one of " + type);
		}
		if (allowsAny(policy, type, requirement.anyOf())) {
			return null;
		}
		return missing(policy, requirement, suggestions(policy, type, requirement));
	}

	private static boolean allowsAny(AccessPolicy policy, String type, Set<Permission> permissions) {
		for (Permission permission : permissions) {
			if (policy.allows(type, permission)) {
				return true;
			}
		}
		return false;
	}

	private static String suggestions(AccessPolicy policy, String type, Requirement requirement) {
		String v1 = requirement.anyOf().contains(Permission.READ) || requirement.anyOf().contains(Permission.SEARCH)
				? "read"
				: "write";
		String contexts = policy.confinedPatient().isPresent() ? "patient" : "user|system";
		return contexts + "/" + type + "." + requirement.letters() + " (v1: ." + v1 + ")";
	}

	private static String missing(AccessPolicy policy, Requirement requirement, String needed) {
		String granted = policy.scopes().isEmpty()
				? "no usable resource scopes"
				: policy.scopes().stream().map(Object::toString).collect(Collectors.joining(" "));
		StringBuilder text = new StringBuilder("Insufficient scope: ")
				.append(requirement.what())
				.append(" needs ")
				.append(needed)
				.append("; the token grants: ")
				.append(granted);
		policy.confinedPatient().ifPresent(p -> text.append(" (confined to Patient/").append(p).append(')'));
		if (!policy.unusable().isEmpty()) {
			text.append("; unusable without a patient context: ").append(String.join(" ", policy.unusable()));
		}
		return text.toString();
	}

	private static String typeOrAll(String type) {
		return type == null || type.isBlank() ? Requirement.ALL_TYPES : type;
	}

	private static String label(String type, String id) {
		return id == null ? type : type + "/" + id;
	}
}

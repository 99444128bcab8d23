package org.msfhir.common;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which resource types belong to the FHIR Patient compartment, and which search parameter confines a
 * search of a type to one patient. Computed once from the FHIR definitions.
 */
public final class PatientCompartment {

	/**
	 * Types outside the compartment that hold shared reference data rather than anyone's records, so
	 * a token confined to one patient may read them (a patient app needs the Medication its
	 * MedicationRequest points to). Other types outside the compartment (Group, Binary, Bundle,
	 * Task, ...) may hold or list other patients' data and stay closed to confined tokens.
	 */
	public static final Set<String> SHARED_REFERENCE_TYPES = Set.of(
			"Medication", "MedicationKnowledge", "Substance", "Practitioner", "PractitionerRole",
			"Organization", "Location", "HealthcareService", "Endpoint",
			"ValueSet", "CodeSystem", "ConceptMap", "NamingSystem", "StructureDefinition",
			"SearchParameter", "OperationDefinition", "CapabilityStatement", "ImplementationGuide",
			"Questionnaire", "PlanDefinition", "ActivityDefinition", "ObservationDefinition");

	private final Map<String, String> narrowingParameter = new HashMap<>();
	private final Set<String> outsideTypes = new TreeSet<>();
	private final Set<String> allTypes;

	public PatientCompartment(FhirContext fhirContext) {
		this.allTypes = Set.copyOf(fhirContext.getResourceTypes());
		for (String type : allTypes) {
			RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
			List<RuntimeSearchParam> params = definition.getSearchParamsForCompartmentName("Patient");
			if ("Patient".equals(type)) {
				narrowingParameter.put(type, "_id");
			} else if (params == null || params.isEmpty()) {
				outsideTypes.add(type);
			} else {
				narrowingParameter.put(type, choose(params));
			}
		}
	}

	/** Prefer {@code patient}, then {@code subject}, then the first compartment parameter. */
	private static String choose(List<RuntimeSearchParam> params) {
		for (String preferred : List.of("patient", "subject")) {
			for (RuntimeSearchParam param : params) {
				if (preferred.equals(param.getName())) {
					return preferred;
				}
			}
		}
		return params.get(0).getName();
	}

	/** Whether resources of this type can hold a patient's data (Patient itself included). */
	public boolean contains(String resourceType) {
		return narrowingParameter.containsKey(resourceType);
	}

	/** The search parameter that confines a search of this type to one patient. */
	public Optional<String> narrowingParameter(String resourceType) {
		return Optional.ofNullable(narrowingParameter.get(resourceType));
	}

	/** Types outside the compartment (Medication, Practitioner, ValueSet, Group, Binary, ...). */
	public Set<String> typesOutside() {
		return outsideTypes;
	}

	/** Whether a token confined to one patient may read this type although it is outside the compartment. */
	public boolean isSharedReferenceType(String resourceType) {
		return SHARED_REFERENCE_TYPES.contains(resourceType) && outsideTypes.contains(resourceType);
	}

	public Set<String> allTypes() {
		return allTypes;
	}

	/** Whether resources of this type can hold a patient's data, computed without an instance. */
	public static boolean isCompartmentType(FhirContext context, String resourceType) {
		return "Patient".equals(resourceType) || !linkingParams(context, resourceType).isEmpty();
	}

	/** The search parameters linking a resource of this type to its patient(s), for example {@code subject}. */
	public static List<RuntimeSearchParam> linkingParams(FhirContext context, String resourceType) {
		List<RuntimeSearchParam> params =
				context.getResourceDefinition(resourceType).getSearchParamsForCompartmentName("Patient");
		return params == null ? List.of() : params;
	}
}

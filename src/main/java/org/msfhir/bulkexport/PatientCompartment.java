package org.msfhir.bulkexport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.List;

/** Which resource types belong to the Patient compartment, and through which search parameters. */
public final class PatientCompartment {

	private PatientCompartment() {}

	public static boolean contains(FhirContext context, String resourceType) {
		return "Patient".equals(resourceType) || !searchParams(context, resourceType).isEmpty();
	}

	/** The search parameters linking a resource of this type to its patient(s), for example {@code subject}. */
	public static List<RuntimeSearchParam> searchParams(FhirContext context, String resourceType) {
		return context.getResourceDefinition(resourceType).getSearchParamsForCompartmentName("Patient");
	}
}

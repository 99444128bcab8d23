package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.msfhir.common.PatientCompartment;

/**
 * A researcher without a grant for identified data touches no patient record: every resource of a
 * Patient compartment type except Group (cohorts) is refused, going in or out.
 */
final class ResearchOnlyRule extends TouchRule {

	private final PatientCompartment compartment;

	ResearchOnlyRule(PatientCompartment compartment) {
		super("research accounts see no identified patient data");
		this.compartment = compartment;
	}

	@Override
	Verdict decide(Touch touch) {
		IBaseResource resource = touch.output() != null ? touch.output() : touch.input();
		String type = resource != null
				? resource.fhirType()
				: touch.inputId() != null && touch.inputId().hasResourceType() ? touch.inputId().getResourceType() : null;
		return type != null && compartment.contains(type) && !"Group".equals(type) ? deny() : null;
	}
}

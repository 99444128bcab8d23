package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.msfhir.common.PatientCompartment;

/**
 * A researcher without a grant for identified data touches no patient record: every resource of a
 * Patient compartment type except Group (cohorts) is refused, going in or out.
 */
final class ResearchOnlyRule implements IAuthRule {

	private final PatientCompartment compartment;

	ResearchOnlyRule(PatientCompartment compartment) {
		this.compartment = compartment;
	}

	@Override
	public Verdict applyRule(
			RestOperationTypeEnum operation,
			RequestDetails request,
			IBaseResource inputResource,
			IIdType inputResourceId,
			IBaseResource outputResource,
			IRuleApplier ruleApplier,
			Set<AuthorizationFlagsEnum> flags,
			Pointcut pointcut) {
		IBaseResource resource = outputResource != null ? outputResource : inputResource;
		String type = resource != null
				? resource.fhirType()
				: inputResourceId != null && inputResourceId.hasResourceType() ? inputResourceId.getResourceType() : null;
		return type != null && compartment.contains(type) && !"Group".equals(type)
				? new Verdict(PolicyEnum.DENY, this)
				: null;
	}

	@Override
	public String getName() {
		return "research accounts see no identified patient data";
	}
}

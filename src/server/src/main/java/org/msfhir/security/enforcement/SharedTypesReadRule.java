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

/**
 * Allows reading (read, vread, search, history, and resources returned by any read-direction
 * interaction) of a fixed set of types, whoever they belong to. Used for the shared reference types
 * a patient-confined token may read (one rule instead of one HAPI rule per type).
 */
final class SharedTypesReadRule implements IAuthRule {

	private final Set<String> types;
	private final String name;

	SharedTypesReadRule(Set<String> types, String name) {
		this.types = Set.copyOf(types);
		this.name = name;
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
		String type;
		if (outputResource != null) {
			type = outputResource.fhirType();
		} else if (operation == null) {
			return null;
		} else {
			switch (operation) {
				case READ, VREAD, HISTORY_INSTANCE ->
					type = inputResourceId != null && inputResourceId.hasResourceType()
							? inputResourceId.getResourceType()
							: request.getResourceName();
				case SEARCH_TYPE, HISTORY_TYPE -> type = request.getResourceName();
				default -> {
					return null;
				}
			}
		}
		return type != null && types.contains(type) ? new Verdict(PolicyEnum.ALLOW, this) : null;
	}

	@Override
	public String getName() {
		return name;
	}
}

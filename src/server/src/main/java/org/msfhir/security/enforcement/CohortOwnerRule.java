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
 * Refuses every Group with an owner tag ({@link GroupOwnership}) that belongs to someone else,
 * whichever way it is touched (read, returned by a search, updated, deleted). Groups without an owner
 * and the caller's own are left to the other rules.
 */
final class CohortOwnerRule implements IAuthRule {

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
		if (outputResource == null && operation == RestOperationTypeEnum.CREATE) {
			return null; // a new Group: the server sets its owner tag to the caller, whatever was sent
		}
		IBaseResource resource = outputResource != null ? outputResource : inputResource;
		if (resource == null || !"Group".equals(resource.fhirType())) {
			return null;
		}
		RequestAccess caller = RequestAccess.Resolver.peek(request);
		return GroupOwnership.mayUse(caller, GroupOwnership.ownerOf(resource)) ? null : new Verdict(PolicyEnum.DENY, this);
	}

	@Override
	public String getName() {
		return "a Group belongs to the client or user that made it";
	}
}

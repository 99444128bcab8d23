package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Refuses every Group with an owner tag ({@link GroupOwnership}) that belongs to someone else,
 * whichever way it is touched (read, returned by a search, updated, deleted). Groups without an owner
 * and the caller's own are left to the other rules.
 */
final class CohortOwnerRule extends TouchRule {

	CohortOwnerRule() {
		super("a Group belongs to the client or user that made it");
	}

	@Override
	Verdict decide(Touch touch) {
		if (touch.output() == null && touch.operation() == RestOperationTypeEnum.CREATE) {
			return null; // a new Group: the server sets its owner tag to the caller, whatever was sent
		}
		IBaseResource resource = touch.output() != null ? touch.output() : touch.input();
		if (resource == null || !"Group".equals(resource.fhirType())) {
			return null;
		}
		RequestAccess caller = RequestAccess.Resolver.peek(touch.request());
		return GroupOwnership.mayUse(caller, GroupOwnership.ownerOf(resource)) ? null : deny();
	}
}

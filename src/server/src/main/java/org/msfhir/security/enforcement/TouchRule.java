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
 * A rule of our own for HAPI's AuthorizationInterceptor that decides from what the interaction
 * touches (its type, the resource going in or out, the id named); HAPI's rule applier, flags and
 * pointcut are not needed by any of them. {@link #decide} answers {@link #allow()}, {@link #deny()}
 * or null (no opinion: the next rule decides).
 */
abstract class TouchRule implements IAuthRule {

	/**
	 * What an interaction touches at one check: before it runs (input resource or id), or for each
	 * resource it returns (output).
	 */
	record Touch(RestOperationTypeEnum operation, RequestDetails request, IBaseResource input, IIdType inputId,
			IBaseResource output) {

		/** The type named by the id, else the request's resource type (null for system-level requests). */
		String targetType() {
			return inputId != null && inputId.hasResourceType() ? inputId.getResourceType() : request.getResourceName();
		}
	}

	private final String name;

	TouchRule(String name) {
		this.name = name;
	}

	abstract Verdict decide(Touch touch);

	@Override
	public final Verdict applyRule(
			RestOperationTypeEnum operation,
			RequestDetails request,
			IBaseResource inputResource,
			IIdType inputResourceId,
			IBaseResource outputResource,
			IRuleApplier ruleApplier,
			Set<AuthorizationFlagsEnum> flags,
			Pointcut pointcut) {
		return decide(new Touch(operation, request, inputResource, inputResourceId, outputResource));
	}

	final Verdict allow() {
		return new Verdict(PolicyEnum.ALLOW, this);
	}

	final Verdict deny() {
		return new Verdict(PolicyEnum.DENY, this);
	}

	@Override
	public final String getName() {
		return name;
	}
}

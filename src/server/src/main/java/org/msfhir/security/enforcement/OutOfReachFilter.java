package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Leaves out of searches, history, {@code $everything} and other multi-resource answers the
 * resources the caller may not see (another patient's data reached through an {@code _include}, a
 * reference or a {@code $everything} link; the audit trail in system history; someone else's cohort),
 * instead of refusing the whole answer. Runs just before HAPI's authorization check of the same
 * resources, which then sees only what is left. A read of one named resource is not filtered: it
 * answers 404 ({@link SmartAuthorizationInterceptor}).
 */
@Interceptor
public class OutOfReachFilter {

	private static final Set<RestOperationTypeEnum> SINGLE = Set.of(
			RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD);

	private final SmartAuthorizationInterceptor authorization;

	public OutOfReachFilter(SmartAuthorizationInterceptor authorization) {
		this.authorization = authorization;
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -10)
	public void leaveOut(RequestDetails request, IPreResourceShowDetails details, Pointcut pointcut) {
		if (request == null || request.getRestOperationType() == null || SINGLE.contains(request.getRestOperationType())) {
			return;
		}
		RequestAccess caller = RequestAccess.Resolver.peek(request);
		if (caller == null || caller.policy().unrestricted()) {
			return;
		}
		for (int i = 0; i < details.size(); i++) {
			IBaseResource resource = details.getResource(i);
			if (resource != null && !authorization.mayShow(request, resource, pointcut)) {
				details.setResource(i, null);
			}
		}
	}
}

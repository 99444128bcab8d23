package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Leaves out of searches, history, {@code $everything} and other multi-resource answers the
 * resources the caller may not see (another patient's data reached through an {@code _include}, a
 * reference or a {@code $everything} link; the audit trail in system history; someone else's cohort),
 * instead of refusing the whole answer. Runs just before HAPI's authorization check of the same
 * resources, which then sees only what is left. A read of one named resource is not filtered: it
 * answers 404 ({@link SmartAuthorizationInterceptor}).
 *
 * <p>Searches and operations drop a resource by emptying its slot, which HAPI removes. History
 * answers cannot hold an empty slot, so there the resource is marked, let past the authorization
 * check, and taken out of the finished Bundle before anything is written.
 */
@Interceptor
public class OutOfReachFilter {

	private static final String MARKED = OutOfReachFilter.class.getName() + ".marked";
	private static final Set<RestOperationTypeEnum> SINGLE = Set.of(
			RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD);
	private static final Set<RestOperationTypeEnum> HISTORY = Set.of(
			RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.HISTORY_TYPE,
			RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.GET_PAGE);

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
		boolean history = HISTORY.contains(request.getRestOperationType());
		for (int i = 0; i < details.size(); i++) {
			IBaseResource resource = details.getResource(i);
			if (resource != null && !authorization.mayShow(request, resource, pointcut)) {
				if (history) {
					marked(request).add(resource);
				} else {
					details.setResource(i, null);
				}
			}
		}
	}

	/** Takes the marked resources out of the answer; runs before every other outgoing check. */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -100)
	public void removeMarked(RequestDetails request, IBaseResource response) {
		Object marked = request.getUserData().get(MARKED);
		if (marked == null) {
			return;
		}
		@SuppressWarnings("unchecked")
		Set<IBaseResource> dropped = (Set<IBaseResource>) marked;
		if (response instanceof Bundle bundle) {
			bundle.getEntry().removeIf(entry -> entry.getResource() != null && dropped.contains(entry.getResource()));
		} else if (response != null && dropped.contains(response)) {
			throw new IllegalStateException("a resource outside the caller's reach was about to be answered alone");
		}
	}

	/** Whether this resource is being left out of the answer (the authorization check lets it pass). */
	static boolean isMarked(RequestDetails request, IBaseResource resource) {
		Object marked = request.getUserData().get(MARKED);
		return marked instanceof Set<?> set && set.contains(resource);
	}

	@SuppressWarnings("unchecked")
	private static Set<IBaseResource> marked(RequestDetails request) {
		return (Set<IBaseResource>) request.getUserData()
				.computeIfAbsent(MARKED, key -> Collections.newSetFromMap(new IdentityHashMap<>()));
	}
}

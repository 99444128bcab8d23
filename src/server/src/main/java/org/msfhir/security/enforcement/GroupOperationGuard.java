package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Operations on one Group ({@code Group/[id]/$export}, {@code Group/[id]/$ms-cohort}, ...) load the
 * Group themselves, some without the caller's rights. Before they run, this checks that the caller
 * may use the Group ({@link GroupOwnership}); someone else's Group answers 404 like a missing one.
 */
@Interceptor
public class GroupOperationGuard {

	private final RequestAccess.Resolver resolver;
	private final DaoRegistry daoRegistry;

	public GroupOperationGuard(RequestAccess.Resolver resolver, DaoRegistry daoRegistry) {
		this.resolver = resolver;
		this.daoRegistry = daoRegistry;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -90)
	public void checkGroupOperation(RequestDetails request) {
		if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				|| !"Group".equals(request.getResourceName())
				|| request.getId() == null
				|| !request.getId().hasIdPart()) {
			return;
		}
		RequestAccess caller = resolver.resolve(request);
		String id = request.getId().getIdPart();
		IBaseResource group;
		try {
			group = daoRegistry.getResourceDao("Group").read(new IdType("Group", id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return; // the operation answers for a missing Group itself
		}
		if (!GroupOwnership.mayUse(caller, GroupOwnership.ownerOf(group))) {
			throw NotFound.of("Group", id);
		}
	}
}

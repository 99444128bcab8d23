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
 * Keeps wildcard scopes away from the audit trail: an AuditEvent is refused whenever it is actually
 * touched (requested by type or id, returned, written or deleted) unless a scope names AuditEvent.
 *
 * <p>HAPI's own type-restricted deny rules cannot do this: for interactions whose resource types are
 * unknown up front (paging, system history, conditional delete) they refuse the whole request. This
 * rule decides only on what it can see and otherwise leaves the decision to the allow rules.
 */
final class AuditTrailRule implements IAuthRule {

	private static final String AUDIT_EVENT = "AuditEvent";

	private final boolean mayRead;
	private final boolean mayWrite;
	private final boolean mayDelete;

	AuditTrailRule(boolean mayRead, boolean mayWrite, boolean mayDelete) {
		this.mayRead = mayRead;
		this.mayWrite = mayWrite;
		this.mayDelete = mayDelete;
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
		if (outputResource != null) {
			return isAuditEvent(outputResource.fhirType()) && !mayRead ? deny() : null;
		}
		if (inputResource != null && isAuditEvent(inputResource.fhirType())) {
			return mayWrite ? null : deny();
		}
		if (operation == null) {
			return null;
		}
		String type = inputResourceId != null && inputResourceId.hasResourceType()
				? inputResourceId.getResourceType()
				: request.getResourceName();
		if (!isAuditEvent(type)) {
			return null;
		}
		boolean allowed = switch (operation) {
			case READ, VREAD, SEARCH_TYPE, HISTORY_TYPE, HISTORY_INSTANCE -> mayRead;
			case CREATE, UPDATE, PATCH -> mayWrite;
			case DELETE -> mayDelete;
			default -> true;
		};
		return allowed ? null : deny();
	}

	private static boolean isAuditEvent(String type) {
		return AUDIT_EVENT.equals(type);
	}

	private Verdict deny() {
		return new Verdict(PolicyEnum.DENY, this);
	}

	@Override
	public String getName() {
		return "AuditEvent needs an explicit scope";
	}
}

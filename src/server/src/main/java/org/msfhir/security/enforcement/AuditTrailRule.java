package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;

/**
 * Keeps wildcard scopes away from the audit trail: an AuditEvent is refused whenever it is actually
 * touched (requested by type or id, returned, written or deleted) unless a scope names AuditEvent.
 *
 * <p>HAPI's own type-restricted deny rules cannot do this: for interactions whose resource types are
 * unknown up front (paging, system history, conditional delete) they refuse the whole request. This
 * rule decides only on what it can see and otherwise leaves the decision to the allow rules.
 */
final class AuditTrailRule extends TouchRule {

	private static final String AUDIT_EVENT = "AuditEvent";

	private final boolean mayRead;
	private final boolean mayWrite;
	private final boolean mayDelete;

	AuditTrailRule(boolean mayRead, boolean mayWrite, boolean mayDelete) {
		super("AuditEvent needs an explicit scope");
		this.mayRead = mayRead;
		this.mayWrite = mayWrite;
		this.mayDelete = mayDelete;
	}

	@Override
	Verdict decide(Touch touch) {
		if (touch.output() != null) {
			return isAuditEvent(touch.output().fhirType()) && !mayRead ? deny() : null;
		}
		if (touch.input() != null && isAuditEvent(touch.input().fhirType())) {
			return mayWrite ? null : deny();
		}
		if (touch.operation() == null || !isAuditEvent(touch.targetType())) {
			return null;
		}
		boolean allowed = switch (touch.operation()) {
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
}

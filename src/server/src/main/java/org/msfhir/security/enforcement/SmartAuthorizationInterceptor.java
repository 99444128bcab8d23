package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;
import org.msfhir.security.audit.AuditInterceptor;

/**
 * The resource-level half of enforcement: HAPI's {@link AuthorizationInterceptor} applying the
 * caller's {@link AccessPolicy} rules to every resource that goes in (create, update and patch
 * results, deletes, each batch/transaction entry as it is stored) and out (read, search results,
 * {@code _include}/{@code _revinclude}d resources, history, {@code $everything}, operation output).
 * A refusal becomes a 403 whose OperationOutcome says what was refused and why, and is audited.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

	private static final String DENIED_KEY = SmartAuthorizationInterceptor.class.getName() + ".denied";
	private static final List<IAuthRule> ANONYMOUS = new RuleBuilder().allow("metadata").metadata().build();

	/** The verdict for a resource that {@link OutOfReachFilter} removes from the answer. */
	private static final Verdict LEFT_OUT = new Verdict(PolicyEnum.ALLOW, new SharedTypesReadRule(java.util.Set.of(), "left out of the answer"));

	private final RequestAccess.Resolver resolver;
	private final AuditInterceptor audit;

	public SmartAuthorizationInterceptor(RequestAccess.Resolver resolver, AuditInterceptor audit) {
		super(PolicyEnum.DENY);
		this.resolver = resolver;
		this.audit = audit;
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
			return ANONYMOUS;
		}
		try {
			return resolver.resolve(request).policy().rules();
		} catch (AuthenticationException e) {
			return ANONYMOUS;
		}
	}

	@Override
	public Verdict applyRulesAndReturnDecision(
			RestOperationTypeEnum operation,
			RequestDetails request,
			IBaseResource inputResource,
			IIdType inputResourceId,
			IBaseResource outputResource,
			Pointcut pointcut) {
		if (outputResource != null && OutOfReachFilter.isMarked(request, outputResource)) {
			return LEFT_OUT; // taken out of the answer before it is written
		}
		Verdict verdict = super.applyRulesAndReturnDecision(
				operation, request, inputResource, inputResourceId, outputResource, pointcut);
		if (verdict.getDecision() == PolicyEnum.DENY) {
			request.getUserData().put(DENIED_KEY, describe(request, operation, inputResource, inputResourceId, outputResource));
		}
		return verdict;
	}

	/**
	 * Whether the rules let this resource out to the caller; used to leave out of a multi-resource
	 * answer what the caller may not see instead of refusing the whole answer.
	 */
	boolean mayShow(RequestDetails request, IBaseResource resource, Pointcut pointcut) {
		Verdict verdict = super.applyRulesAndReturnDecision(
				request.getRestOperationType(), request, null, null, resource, pointcut);
		return verdict != null && verdict.getDecision() == PolicyEnum.ALLOW;
	}

	@Override
	protected void handleDeny(RequestDetails request, Verdict decision) {
		Object what = request.getUserData().remove(DENIED_KEY);
		RequestAccess resolved = RequestAccess.Resolver.peek(request);
		StringBuilder message = new StringBuilder("Access denied: ")
				.append(what == null ? "this request" : what)
				.append(" is outside what this token may access");
		if (resolved != null) {
			AccessPolicy policy = resolved.policy();
			message.append(" (").append(policy.describeConfinement()).append("; scopes: ")
					.append(policy.scopes().isEmpty() ? "none usable" : policy.scopeSource()).append(')');
		}
		if (what != null && what.toString().contains("AuditEvent")) {
			message.append("; AuditEvent needs a scope that names it, e.g. system/AuditEvent.rs");
		}
		String reason = message.toString();
		RestOperationTypeEnum operation = request.getRestOperationType();
		boolean auditTrail = what != null && what.toString().contains("AuditEvent");
		if ((operation == RestOperationTypeEnum.READ
						|| operation == RestOperationTypeEnum.VREAD
						|| operation == RestOperationTypeEnum.HISTORY_INSTANCE)
				&& !auditTrail // refused for its type, whatever the id: the 403 explains the scope needed
				&& request.getId() != null
				&& request.getId().hasIdPart()
				&& request.getResourceName() != null) {
			// A resource outside the token's reach answers like a missing one: no existence oracle.
			audit.refused(request, reason + " (answered 404)");
			throw NotFound.of(request.getResourceName(), request.getId().getIdPart());
		}
		audit.refused(request, reason);
		throw new ForbiddenOperationException(reason, OperationOutcomes.error(OperationOutcome.IssueType.FORBIDDEN, reason));
	}

	/**
	 * Names the refused resource. Resources the server was about to return are named by type only, so
	 * the refusal does not reveal the ids of data the caller may not see.
	 */
	private static String describe(
			RequestDetails request, RestOperationTypeEnum operation, IBaseResource input, IIdType inputId, IBaseResource output) {
		// A conditional write found the resource itself: its id is not the caller's to learn.
		boolean named = request.getId() != null && request.getId().hasIdPart();
		String verb = operation == null ? "access" : operation.getCode();
		if (output != null) {
			if (operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD) {
				// the client named this resource itself
				return verb + " of " + output.fhirType() + "/" + output.getIdElement().getIdPart();
			}
			return "a " + output.fhirType() + " in the response to " + verb;
		}
		if (input != null) {
			IIdType id = input.getIdElement();
			String name = named && id != null && id.hasIdPart() ? input.fhirType() + "/" + id.getIdPart()
					: (named || id == null || !id.hasIdPart() ? "a new " : "a ") + input.fhirType();
			return verb + " of " + name;
		}
		if (inputId != null && inputId.hasResourceType()) {
			return verb + " of " + (named && inputId.hasIdPart() ? inputId.toUnqualifiedVersionless().getValue() : inputId.getResourceType());
		}
		return verb;
	}
}

package org.msfhir.security.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Instant;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.enforcement.RequestAccess;

/**
 * Records every FHIR request's access decision once it is complete. Refusals are recorded where they
 * happen ({@link #refused}), with the reason; a request that was not refused is recorded here as
 * allowed, with its HTTP status (an allowed read can still end in 404).
 */
@Interceptor
public class AuditInterceptor {

	private static final String REFUSED_KEY = AuditInterceptor.class.getName() + ".refused";

	private final AuditTrail trail;

	public AuditInterceptor(AuditTrail trail) {
		this.trail = trail;
	}

	/** Records a refusal of this request (once per request) with its reason. */
	public void refused(RequestDetails request, String reason) {
		if (request.getUserData().putIfAbsent(REFUSED_KEY, Boolean.TRUE) != null) {
			return;
		}
		trail.record(decision(request, false, reason));
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed(RequestDetails request) {
		RestOperationTypeEnum interaction = request.getRestOperationType();
		if (interaction == null || interaction == RestOperationTypeEnum.METADATA) {
			return; // public, and not an access decision
		}
		if (request.getUserData().containsKey(REFUSED_KEY)) {
			return;
		}
		if (RequestAccess.Resolver.peek(request) == null) {
			return; // never reached enforcement (e.g. malformed request): nothing was decided
		}
		String status = null;
		if (request instanceof ServletRequestDetails servlet && servlet.getServletResponse() != null) {
			status = "HTTP " + servlet.getServletResponse().getStatus();
		}
		trail.record(decision(request, true, status));
	}

	static AccessDecision decision(RequestDetails request, boolean allowed, String detail) {
		RequestAccess resolved = RequestAccess.Resolver.peek(request);
		SmartAccess access = resolved == null ? null : resolved.access();
		RestOperationTypeEnum interaction = request.getRestOperationType();
		String query = null;
		if (interaction == RestOperationTypeEnum.SEARCH_TYPE
				|| interaction == RestOperationTypeEnum.SEARCH_SYSTEM
				|| interaction == RestOperationTypeEnum.HISTORY_TYPE) {
			String complete = request.getCompleteUrl();
			int q = complete == null ? -1 : complete.indexOf('?');
			query = q < 0 ? "" : complete.substring(q + 1);
		}
		String remote = null;
		if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
			remote = servlet.getServletRequest().getRemoteAddr();
		}
		return new AccessDecision(
				Instant.now(),
				allowed,
				access == null ? null : access.clientId(),
				access == null ? null : access.fhirUser().or(access::subject).orElse(null),
				access == null ? null : access.patientId().orElse(null),
				interaction == null ? null : interaction.getCode(),
				request.getOperation(),
				request.getResourceName(),
				request.getId() == null ? null : request.getId().getIdPart(),
				query,
				detail,
				request.getRequestId(),
				remote);
	}
}

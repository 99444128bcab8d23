package org.msfhir.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;
import org.msfhir.security.audit.AccessDecision;
import org.msfhir.security.audit.UnauthenticatedRefusals;
import org.msfhir.server.web.RequestLogFilter;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a missing or invalid token with 401, the RFC 6750 {@code WWW-Authenticate} header (from
 * Spring's {@link BearerTokenAuthenticationEntryPoint}) and an OperationOutcome saying what is wrong.
 * The refusal is an access decision too, so it goes to the audit trail like the 403s of enforcement,
 * summarised per source address so that anonymous callers cannot grow the trail at will.
 */
public class FhirAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
	private final Supplier<UnauthenticatedRefusals> audit;

	/** @param audit where refusals are recorded (summarised per address); supplies null when auditing is off */
	public FhirAuthenticationEntryPoint(Supplier<UnauthenticatedRefusals> audit) {
		this.audit = audit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		bearer.commence(request, response, failure);
		String reason = request.getHeader("Authorization") == null
				? "Authentication required: send an access token as 'Authorization: Bearer <token>'"
				: "Invalid access token: " + failure.getMessage();
		UnauthenticatedRefusals trail = audit.get();
		if (trail != null) {
			trail.refused(refusal(request, reason));
		}
		OperationOutcomes.writeError(response, HttpServletResponse.SC_UNAUTHORIZED, OperationOutcome.IssueType.LOGIN, reason);
	}

	/** A refused, unauthenticated request: no client is known; the target is read from the path. */
	static AccessDecision refusal(HttpServletRequest request, String reason) {
		String path = request.getRequestURI();
		String type = null;
		String id = null;
		int base = path.indexOf("/fhir/");
		if (base >= 0) {
			String[] segments = path.substring(base + "/fhir/".length()).split("/");
			if (segments.length > 0 && !segments[0].isEmpty() && Character.isUpperCase(segments[0].charAt(0))) {
				type = segments[0];
				if (segments.length > 1 && !segments[1].startsWith("$") && !segments[1].startsWith("_")) {
					id = segments[1];
				}
			}
		}
		return new AccessDecision(
				Instant.now(),
				false,
				null,
				null,
				null,
				"authenticate",
				null,
				type,
				id,
				request.getQueryString(),
				reason + " (" + request.getMethod() + " " + path + ")",
				org.slf4j.MDC.get(RequestLogFilter.MDC_KEY),
				request.getRemoteAddr());
	}
}

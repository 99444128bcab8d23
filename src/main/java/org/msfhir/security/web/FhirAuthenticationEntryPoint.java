package org.msfhir.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.server.web.OperationOutcomeWriter;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a missing or invalid token with 401, the RFC 6750 {@code WWW-Authenticate} header (from
 * Spring's {@link BearerTokenAuthenticationEntryPoint}) and an OperationOutcome saying what is wrong.
 */
public class FhirAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		bearer.commence(request, response, failure);
		String reason = request.getHeader("Authorization") == null
				? "Authentication required: send an access token as 'Authorization: Bearer <token>'"
				: "Invalid access token: " + failure.getMessage();
		OperationOutcomeWriter.write(response, HttpServletResponse.SC_UNAUTHORIZED, OperationOutcome.IssueType.LOGIN, reason);
	}
}

package org.msfhir.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/** A valid token that lacks a required scope at the HTTP layer: 403 with an OperationOutcome. */
public class FhirAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		bearer.handle(request, response, denied);
		OperationOutcomes.writeError(
				response,
				HttpServletResponse.SC_FORBIDDEN,
				OperationOutcome.IssueType.FORBIDDEN,
				"The access token does not grant access to " + request.getRequestURI());
	}
}

package org.msfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.msfhir.common.OperationOutcomes;
import org.msfhir.server.input.InputText;
import org.msfhir.server.rest.RequestChecks;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string with a broken percent-escape ({@code ?name=%zz}) with 400. HAPI decodes the
 * query string itself before any of its interceptors run and turns this into a 500. Also refuses
 * parameters that decode to invalid UTF-8 or contain NUL ({@code %00}), which HAPI would otherwise
 * replace or pass on to the database.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class QueryStringFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = RequestChecks.checkQueryString(request.getQueryString());
		if (problem == null) {
			problem = InputText.checkQuery(request.getQueryString());
		}
		if (problem != null) {
			OperationOutcomes.writeError(response, 400, IssueType.INVALID, problem);
			return;
		}
		chain.doFilter(request, response);
	}
}

package org.msfhir.server.web;

import org.msfhir.common.OperationOutcomes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.msfhir.server.input.InputText;
import org.msfhir.server.input.RequestParsing;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a JSON or XML request body that is not valid UTF-8 or contains a NUL character, with 400
 * and the byte offset, before HAPI decodes it (its decoder would replace bad bytes silently). Runs
 * after {@link RequestSizeLimitFilter}, so the body read here is bounded and already unpacked.
 * Bodies of other media types (a Binary's raw content) are passed on untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class BodyTextFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		Boolean json = textKind(contentType);
		if (json == null || !utf8OrUndeclared(request.getCharacterEncoding()) || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		String problem = InputText.checkBody(body, json);
		if (problem != null) {
			OperationOutcomes.writeError(response, 400, IssueType.INVALID, problem);
			return;
		}
		request.setAttribute(RequestParsing.BODY_ATTRIBUTE, body); // to name unknown elements by their path
		chain.doFilter(new RequestSizeLimitFilter.BufferedRequest(request, body, false), response);
	}

	/** TRUE for JSON media types, FALSE for XML ones, null for anything else. */
	static Boolean textKind(String contentType) {
		if (contentType == null) {
			return null;
		}
		int semicolon = contentType.indexOf(';');
		String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
		if (type.equals("application/json") || type.endsWith("+json")) {
			return Boolean.TRUE;
		}
		if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
			return Boolean.FALSE;
		}
		return null;
	}

	private static boolean utf8OrUndeclared(String charset) {
		return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}
}

package org.msfhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.msfhir.server.input.RequestParsing;
import org.msfhir.server.input.UnknownElements;
import org.msfhir.server.web.RequestLogFilter;

/**
 * HAPI's {@link RestfulServer}, using the request id chosen by {@link RequestLogFilter}. HAPI would
 * otherwise make its own (or cut the caller's to 16 characters) and overwrite the
 * {@code X-Request-Id} response header, so the id in the access log, in the response header and in
 * {@code meta.source} of written resources would differ. Each request is parsed under the server's
 * rules for unknown elements ({@link RequestParsing}).
 */
public class FhirRestfulServer extends RestfulServer {

	private static final long serialVersionUID = 1L;

	private final UnknownElements unknownElements;

	public FhirRestfulServer(FhirContext context, UnknownElements unknownElements) {
		super(context);
		this.unknownElements = unknownElements;
	}

	@Override
	protected void handleRequest(RequestTypeEnum type, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		Object body = request.getAttribute(RequestParsing.BODY_ATTRIBUTE);
		try (RequestParsing.Scope scope = RequestParsing.begin(unknownElements, body instanceof byte[] bytes ? bytes : null)) {
			super.handleRequest(type, request, response);
		}
	}

	@Override
	protected String getOrCreateRequestId(HttpServletRequest request) {
		Object id = request.getAttribute(RequestLogFilter.ATTRIBUTE);
		return id instanceof String requestId ? requestId : super.getOrCreateRequestId(request);
	}
}

package org.msfhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import org.msfhir.server.web.RequestLogFilter;

/**
 * HAPI's {@link RestfulServer}, using the request id chosen by {@link RequestLogFilter}. HAPI would
 * otherwise make its own (or cut the caller's to 16 characters) and overwrite the
 * {@code X-Request-Id} response header, so the id in the access log, in the response header and in
 * {@code meta.source} of written resources would differ.
 */
public class FhirRestfulServer extends RestfulServer {

	private static final long serialVersionUID = 1L;

	public FhirRestfulServer(FhirContext context) {
		super(context);
	}

	@Override
	protected String getOrCreateRequestId(HttpServletRequest request) {
		Object id = request.getAttribute(RequestLogFilter.ATTRIBUTE);
		return id instanceof String requestId ? requestId : super.getOrCreateRequestId(request);
	}
}

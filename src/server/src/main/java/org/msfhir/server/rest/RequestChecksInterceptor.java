package org.msfhir.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Set;

/**
 * Rejects malformed requests before HAPI works on them, with a 4xx and a message that says what is
 * wrong. Without these checks HAPI answers some of them with 500 (an If-Match header that is not a
 * version) or with a misleading 404 (an id that can never exist), and a wrong Content-Type with 400
 * instead of 415. (A bad '%' escape in the query string is refused earlier, by
 * {@code org.msfhir.server.web.QueryStringFilter}, because HAPI decodes the query first.)
 */
@Interceptor
public class RequestChecksInterceptor {

	/** Operations whose body must be a FHIR resource in JSON or XML. */
	private static final Set<RestOperationTypeEnum> RESOURCE_BODY =
			EnumSet.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.TRANSACTION);

	/** Runs once HAPI has split the URL (type, id) and before it picks the method that handles it. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public boolean checkUrlAndHeaders(RequestDetails details, HttpServletRequest request) {
		reject(RequestChecks.checkIfMatch(request.getHeader(Constants.HEADER_IF_MATCH)));
		if (details.getId() != null && details.getId().hasIdPart()) {
			reject(RequestChecks.checkId(details.getId().getIdPart()));
		}
		// HAPI checks the PATCH body type while choosing the handler (answering 400), so check it first.
		if (details.getRequestType() == RequestTypeEnum.PATCH
				&& hasBody(request)
				&& !RequestChecks.isPatchType(request.getContentType())) {
			throw new UnsupportedMediaTypeException(describe(request.getContentType())
					+ " is not supported for PATCH: use application/json-patch+json (JSON Patch)"
					+ " or application/fhir+json with a FHIRPath Patch Parameters resource");
		}
		return true;
	}

	/** Runs once the operation is known and before the body is parsed. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean checkBodyType(RequestDetails details, HttpServletRequest request) {
		RestOperationTypeEnum operation = details.getRestOperationType();
		// Binary takes any media type: its body is the content itself.
		if (!RESOURCE_BODY.contains(operation) || "Binary".equals(details.getResourceName()) || !hasBody(request)) {
			return true;
		}
		String contentType = request.getContentType();
		if (!RequestChecks.isFhirResourceType(contentType)) {
			throw new UnsupportedMediaTypeException(describe(contentType)
					+ " is not supported here: send the resource as application/fhir+json or application/fhir+xml");
		}
		return true;
	}

	private static String describe(String contentType) {
		return contentType == null ? "A request body without Content-Type" : "Content-Type '" + contentType + "'";
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static void reject(String problem) {
		if (problem != null) {
			throw new InvalidRequestException(problem);
		}
	}
}

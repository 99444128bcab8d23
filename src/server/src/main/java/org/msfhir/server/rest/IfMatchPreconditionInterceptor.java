package org.msfhir.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * An update or patch whose {@code If-Match} names a version that is no longer current gets
 * 412 Precondition Failed, as the FHIR specification asks (HAPI answers 409). Version conflicts
 * without If-Match, such as two writers racing or a delete of a referenced resource, stay 409.
 */
@Interceptor
public class IfMatchPreconditionInterceptor {

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toPreconditionFailed(
			RequestDetails details, Throwable exception, HttpServletRequest request) {
		RestOperationTypeEnum operation = details.getRestOperationType();
		boolean versionedWrite = operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH;
		if (exception instanceof ResourceVersionConflictException conflict
				&& versionedWrite
				&& request.getHeader(Constants.HEADER_IF_MATCH) != null) {
			return new PreconditionFailedException(
					"If-Match " + request.getHeader(Constants.HEADER_IF_MATCH) + " does not name the current version: "
							+ conflict.getMessage());
		}
		return null;
	}
}

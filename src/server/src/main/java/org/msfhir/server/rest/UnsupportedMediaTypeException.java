package org.msfhir.server.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * HTTP 415: the request body's Content-Type is not one the operation accepts. HAPI itself answers
 * 400 in this case; FHIR and HTTP say 415, which tells a client that the body format, not its
 * content, is the problem.
 */
public class UnsupportedMediaTypeException extends BaseServerResponseException {

	public static final int STATUS_CODE = 415;
	private static final long serialVersionUID = 1L;

	public UnsupportedMediaTypeException(String message) {
		super(STATUS_CODE, message);
	}
}

package org.msfhir.server.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * HTTP 503 with {@code Retry-After}: the database could not be reached or went away during the
 * request. A write is then either not stored at all or, if the connection broke during the commit
 * itself, stored completely without the answer reaching the server; never in part. Re-sending it after
 * the delay is safe for conditional creates, updates with an id and transaction bundles built that way.
 */
public class DatabaseUnavailableException extends BaseServerResponseException {

	public static final int STATUS_CODE = 503;
	private static final long serialVersionUID = 1L;

	public DatabaseUnavailableException(int retryAfterSeconds, Throwable cause) {
		super(STATUS_CODE, "The database is unavailable; the request did not complete (a write is stored"
				+ " completely or not at all, never in part). Retry after " + retryAfterSeconds + " s.", cause);
		addResponseHeader("Retry-After", Integer.toString(retryAfterSeconds));
	}
}

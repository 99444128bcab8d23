package org.msfhir.server.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * HTTP 503 with {@code Retry-After}: the database could not be reached or went away during the
 * request. Nothing of the request was committed (a transaction that cannot reach its database cannot
 * commit), so the client may send it again after the given delay.
 */
public class DatabaseUnavailableException extends BaseServerResponseException {

	public static final int STATUS_CODE = 503;
	private static final long serialVersionUID = 1L;

	public DatabaseUnavailableException(int retryAfterSeconds, Throwable cause) {
		super(STATUS_CODE, "The database is unavailable; nothing of this request was stored. Retry after "
				+ retryAfterSeconds + " s.", cause);
		addResponseHeader("Retry-After", Integer.toString(retryAfterSeconds));
	}
}

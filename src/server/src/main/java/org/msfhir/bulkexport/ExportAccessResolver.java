package org.msfhir.bulkexport;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Answers "who is calling and what may they export" for one request. The security layer provides the
 * real implementation (from the SMART access token); the export depends on nothing else of it.
 */
@FunctionalInterface
public interface ExportAccessResolver {

	/**
	 * The caller's grant; throws {@link ca.uhn.fhir.rest.server.exceptions.AuthenticationException}
	 * (401) or {@link ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException} (403) when
	 * the caller may not export at all.
	 */
	ExportGrant resolve(RequestDetails request);
}

package org.msfhir.bulkexport;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Used only when no security layer provides an {@link ExportAccessResolver} (security mode
 * {@code open}, development): every caller is the same anonymous client with full access.
 */
public class OpenExportAccessResolver implements ExportAccessResolver {

	public static final String ANONYMOUS = "anonymous";

	@Override
	public ExportGrant resolve(RequestDetails request) {
		return ExportGrant.unrestricted(ANONYMOUS);
	}
}

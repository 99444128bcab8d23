package org.msfhir.server;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * Hook for feature packages to add providers and interceptors to the FHIR endpoint while it is built.
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);
}

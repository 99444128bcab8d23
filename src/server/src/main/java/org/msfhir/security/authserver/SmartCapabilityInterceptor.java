package org.msfhir.security.authserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Announces SMART on FHIR in the CapabilityStatement: {@code rest.security} with the {@code
 * SMART-on-FHIR} service and the {@code oauth-uris} extension (authorize, token, introspect, revoke),
 * the same URLs as the SMART discovery document.
 */
@Interceptor
public class SmartCapabilityInterceptor {

	public static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";
	public static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final SmartConfiguration configuration;

	public SmartCapabilityInterceptor(SmartConfiguration configuration) {
		this.configuration = configuration;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void addSecurity(IBaseConformance conformance, RequestDetails requestDetails) {
		if (!(conformance instanceof CapabilityStatement statement)
				|| !(requestDetails instanceof ServletRequestDetails servlet)) {
			return;
		}
		SmartConfiguration.Endpoints endpoints = configuration.endpoints(servlet.getServletRequest());
		if (statement.getRest().isEmpty()) {
			statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
		}
		for (CapabilityStatementRestComponent rest : statement.getRest()) {
			CapabilityStatementRestSecurityComponent security = new CapabilityStatementRestSecurityComponent();
			security.setCors(true);
			security.addService(new CodeableConcept()
					.addCoding(new org.hl7.fhir.r4.model.Coding(SERVICE_SYSTEM, "SMART-on-FHIR", "SMART-on-FHIR"))
					.setText("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
			security.setDescription("SMART App Launch and Backend Services; discovery at "
					+ endpoints.fhirBase() + "/.well-known/smart-configuration");
			Extension uris = security.addExtension().setUrl(OAUTH_URIS);
			uris.addExtension("authorize", new UriType(endpoints.authorize()));
			uris.addExtension("token", new UriType(endpoints.token()));
			uris.addExtension("introspect", new UriType(endpoints.introspect()));
			uris.addExtension("revoke", new UriType(endpoints.revoke()));
			rest.setSecurity(security);
		}
	}
}

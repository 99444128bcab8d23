package org.msfhir.security.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import org.msfhir.security.SecurityMode;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.audit.AuditInterceptor;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.msfhir.common.PatientCompartment;

/**
 * SMART scope enforcement on the FHIR endpoint: the scope gate (request level, search narrowing)
 * and HAPI's authorization interceptor with the caller's rules (resource level, in and out). In
 * open mode both let everything through (the request is still audited).
 */
@Configuration
public class EnforcementConfig {

	@Bean
	public ScopeParser smartScopeParser(FhirContext fhirContext) {
		return new ScopeParser(fhirContext.getResourceTypes());
	}

	@Bean
	public PatientCompartment patientCompartment(FhirContext fhirContext) {
		return new PatientCompartment(fhirContext);
	}

	@Bean
	public AccessPolicyFactory accessPolicyFactory(PatientCompartment compartment, EnforcementProperties properties) {
		return new AccessPolicyFactory(compartment, properties.confineToLaunchPatient());
	}

	@Bean
	public SmartAccessSource smartAccessSource(ScopeParser parser) {
		return new JwtSmartAccessSource(parser);
	}

	@Bean
	public RequestAccess.Resolver requestAccessResolver(
			SmartAccessSource source, AccessPolicyFactory policies, SecurityProperties security) {
		return new RequestAccess.Resolver(source, policies, security.mode() == SecurityMode.OPEN);
	}

	@Bean
	public FhirServerCustomizer smartEnforcement(
			FhirContext fhirContext,
			RequestAccess.Resolver resolver,
			AuditInterceptor audit,
			SearchParamMatcher searchParamMatcher,
			DaoRegistry daoRegistry,
			PatientCompartment compartment) {
		// Refusals are audited; HAPI would also log each one at ERROR with a stack trace.
		RefusalLogFilter.install();
		return server -> {
			server.registerInterceptor(new ScopeGateInterceptor(resolver, new ScopeGate(fhirContext), audit));
			SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(resolver, audit);
			// Evaluates query-restricted scopes (?category=..., ?code=...) against each resource in memory.
			authorization.setAuthorizationSearchParamMatcher(new AuthorizationSearchParamMatcher(searchParamMatcher));
			server.registerInterceptor(authorization);
			server.registerInterceptor(new OutOfReachFilter(authorization));
			server.registerInterceptor(new GroupOperationGuard(resolver, daoRegistry));
			server.registerInterceptor(new GroupOwnership());
			server.registerInterceptor(new CompartmentReferenceGuard(fhirContext, daoRegistry, compartment, audit));
			server.registerInterceptor(audit);
		};
	}
}

package org.msfhir.security.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit trail of access decisions (log lines and stored AuditEvents). */
@Configuration
public class AuditConfig {

	@Bean
	public AuditTrail auditTrail(AuditProperties properties, IFhirSystemDao<Bundle, ?> systemDao) {
		return new AuditTrail(properties, systemDao);
	}

	@Bean
	public UnauthenticatedRefusals unauthenticatedRefusals(AuditTrail trail, AuditProperties properties) {
		return new UnauthenticatedRefusals(trail, properties.unauthenticatedWindow());
	}

	@Bean
	public AuditInterceptor auditInterceptor(AuditTrail trail) {
		return new AuditInterceptor(trail);
	}
}

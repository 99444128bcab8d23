package org.msfhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * The MS implementation guide feature: reads the guide packaged in the application (classpath folder
 * {@code ig/}) and stores its profiles and terminology into the server at startup.
 * Off with {@code msfhir.ig.enabled=false}.
 */
@Configuration
@ConditionalOnProperty(prefix = "msfhir.ig", name = "enabled", havingValue = "true", matchIfMissing = true)
public class IgConfig {

	@Bean
	public IgPackageReader igPackageReader(FhirContext fhirContext, ResourceLoader resourceLoader) {
		return new IgPackageReader(fhirContext, ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
	}

	@Bean
	public IgLoader igLoader(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			IFhirSystemDao<Bundle, ?> systemDao,
			ITermDeferredStorageSvc deferredStorage) {
		return new IgLoader(fhirContext, daoRegistry, systemDao, deferredStorage);
	}

	@Bean
	public IgTerminologyWarmUp igTerminologyWarmUp(ITermReadSvc termReadSvc) {
		return new IgTerminologyWarmUp(termReadSvc);
	}

	@Bean
	public IgStartupLoader igStartupLoader(
			IgProperties properties, IgPackageReader reader, IgLoader loader, IgTerminologyWarmUp warmUp) {
		return new IgStartupLoader(properties, reader, loader, warmUp);
	}
}

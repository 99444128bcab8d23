package org.msfhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
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

	/** Put first in HAPI's validation chain, ahead of the FHIR core package's placeholder code systems. */
	@Bean
	public GuideCodeSystemSupport guideCodeSystemSupport(
			FhirContext fhirContext,
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT) IValidationSupport storedResources,
			JpaValidationSupportChain validationChain) {
		GuideCodeSystemSupport support = new GuideCodeSystemSupport(fhirContext, storedResources);
		validationChain.addValidationSupport(0, support);
		return support;
	}

	@Bean
	public LocalSubsumption localSubsumption(IValidationSupport validationSupport) {
		return new LocalSubsumption(validationSupport);
	}

	@Bean
	public MsCodeSystemResourceProvider msCodeSystemResourceProvider(
			FhirContext fhirContext, DaoRegistry daoRegistry, LocalSubsumption subsumption) {
		MsCodeSystemResourceProvider provider = new MsCodeSystemResourceProvider(subsumption);
		provider.setContext(fhirContext);
		provider.setDao(daoRegistry.getResourceDao(CodeSystem.class));
		return provider;
	}

	/**
	 * Terminology operations on the FHIR endpoint. HAPI's generated JPA providers already answer
	 * {@code CodeSystem/$lookup}, {@code CodeSystem/$validate-code} and {@code ConceptMap/$translate};
	 * {@code ValueSet/$expand} and {@code ValueSet/$validate-code} come from the ValueSetOperationProvider
	 * the server core registers. Here HAPI's CodeSystem provider is replaced by the one whose
	 * {@code $subsumes} works without a full-text index.
	 */
	@Bean
	public FhirServerCustomizer igTerminologyOperations(MsCodeSystemResourceProvider codeSystemProvider) {
		return server -> {
			List<IResourceProvider> hapiCodeSystemProviders = server.getResourceProviders().stream()
					.filter(p -> CodeSystem.class.equals(p.getResourceType()) && p != codeSystemProvider)
					.toList();
			hapiCodeSystemProviders.forEach(server::unregisterProvider);
			server.registerProvider(codeSystemProvider);
		};
	}

	@Bean
	public GuideProfiles guideProfiles(DaoRegistry daoRegistry) {
		return new GuideProfiles(daoRegistry);
	}

	@Bean
	public FhirServerCustomizer igSupportedProfiles(GuideProfiles guideProfiles) {
		return server -> server.registerInterceptor(new SupportedProfilesInterceptor(guideProfiles::byType));
	}

	@Bean
	public IgStartupLoader igStartupLoader(
			IgProperties properties,
			IgPackageReader reader,
			IgLoader loader,
			IgTerminologyWarmUp warmUp,
			GuideCodeSystemSupport guideCodeSystems,
			JpaValidationSupportChain validationChain,
			GuideProfiles guideProfiles) {
		return new IgStartupLoader(properties, reader, loader, warmUp, guideCodeSystems, validationChain, guideProfiles);
	}
}

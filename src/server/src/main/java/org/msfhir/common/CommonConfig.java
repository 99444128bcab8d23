package org.msfhir.common;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Beans of the shared infrastructure the features use (bulk export, cohorts, {@code $lastn}), so that
 * each feature can be switched off without taking another's dependencies with it.
 */
@Configuration
public class CommonConfig {

	@Bean
	public ResourceReader resourceReader(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			MatchUrlService matchUrlService,
			SearchBuilderFactory<JpaPid> searchBuilderFactory,
			PlatformTransactionManager transactionManager) {
		return new ResourceReader(fhirContext, daoRegistry, matchUrlService, searchBuilderFactory, transactionManager);
	}
}

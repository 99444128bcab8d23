package org.msfhir.bulkexport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.msfhir.bulkexport.deid.DeidentifierFactory;
import org.msfhir.security.SecurityMode;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.msfhir.common.ResourceReader;

/**
 * Beans of the Bulk Data export and its registration on the FHIR endpoint; none of them with
 * {@code msfhir.bulk-export.enabled=false}.
 */
@Configuration
@ConditionalOnProperty(name = "msfhir.bulk-export.enabled", matchIfMissing = true)
public class BulkExportConfig {

	@Bean
	public ExportJobStore exportJobStore(BulkExportProperties properties, DataSource dataSource) {
		return new ExportJobStore(Path.of(properties.directory()), dataSource, properties.expiry());
	}

	@Bean
	public DeidentifierFactory deidentifierFactory(
			FhirContext fhirContext, BulkExportProperties properties, SecurityProperties security) {
		return new DeidentifierFactory(
				fhirContext, properties.deidentification(), security.mode() == SecurityMode.OPEN);
	}

	@Bean
	public ExportJobService exportJobService(
			ExportJobStore store,
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			ResourceReader reader,
			DeidentifierFactory deidentifiers,
			BulkExportProperties properties) {
		ExportJobRunner runner = new ExportJobRunner(fhirContext, daoRegistry, reader, deidentifiers, properties);
		return new ExportJobService(store, runner, properties);
	}

	/** The caller and their rights come from the SMART token (docs/smart.md). */
	@Bean
	public ExportAccessResolver exportAccessResolver(FhirContext fhirContext, SecurityProperties security) {
		return new SmartExportAccessResolver(
				new ScopeParser(fhirContext.getResourceTypes()), security.mode() == SecurityMode.OPEN);
	}

	@Bean
	public FhirServerCustomizer bulkExportCustomizer(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			MatchUrlService matchUrlService,
			ExportJobService jobs,
			ExportAccessResolver access,
			DeidentifierFactory deidentifiers,
			BulkExportProperties properties) {
		ExportRequestParser parser = new ExportRequestParser(fhirContext, daoRegistry, matchUrlService);
		BulkExportProvider provider =
				new BulkExportProvider(fhirContext, daoRegistry, parser, jobs, access, deidentifiers, properties);
		return server -> {
			server.registerProvider(provider);
			server.registerInterceptor(new BulkExportCapabilities());
		};
	}
}

package org.msfhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.msfhir.bulkexport.BulkExportConfig;
import org.msfhir.clinical.ClinicalConfig;
import org.msfhir.clinical.LastNProvider;
import org.msfhir.cohort.CohortConfig;
import org.msfhir.cohort.CohortProvider;
import org.msfhir.common.ResourceReader;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Each feature is a removable unit: with {@code msfhir.<feature>.enabled=false} its configuration
 * defines nothing, so its operations are not registered on the FHIR endpoint (HAPI then answers them
 * as unknown and leaves them out of the CapabilityStatement). A small context per case, without the
 * server: the features' own integration tests show them working when on.
 */
class FeatureSwitchesTest {

	private final ApplicationContextRunner features = new ApplicationContextRunner()
			.withUserConfiguration(ClinicalConfig.class, CohortConfig.class, BulkExportConfig.class)
			.withBean(FhirContext.class, FhirContext::forR4Cached)
			.withBean(DaoRegistry.class, () -> mock(DaoRegistry.class))
			.withBean(ResourceReader.class, () -> mock(ResourceReader.class))
			.withBean(DataSource.class, () -> mock(DataSource.class));

	@Test
	void switchedOffFeaturesRegisterNothing() {
		features.withPropertyValues(
						"msfhir.clinical.enabled=false", "msfhir.cohort.enabled=false", "msfhir.bulk-export.enabled=false")
				.run(context -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(ClinicalConfig.class);
					assertThat(context).doesNotHaveBean(CohortConfig.class);
					assertThat(context).doesNotHaveBean(BulkExportConfig.class);
					assertThat(providers(context)).isEmpty();
				});
	}

	@Test
	void featuresAreOnUnlessSwitchedOff() {
		// bulk export off here only because its beans need the security settings; BulkExportIT runs it
		features.withPropertyValues("msfhir.bulk-export.enabled=false").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(providers(context)).hasAtLeastOneElementOfType(LastNProvider.class)
					.hasAtLeastOneElementOfType(CohortProvider.class);
		});
	}

	@Test
	void oneFeatureOffLeavesTheOthers() {
		features.withPropertyValues("msfhir.bulk-export.enabled=false", "msfhir.cohort.enabled=false")
				.run(context -> assertThat(providers(context))
						.hasAtLeastOneElementOfType(LastNProvider.class)
						.noneMatch(CohortProvider.class::isInstance));
	}

	/** The providers the features' customizers register on a FHIR endpoint. */
	private static List<Object> providers(ApplicationContext context) {
		RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
		context.getBeansOfType(FhirServerCustomizer.class).values().forEach(c -> c.customize(server));
		List<Object> providers = new ArrayList<>(server.getResourceProviders());
		providers.addAll(server.getPlainProviders());
		return providers;
	}
}

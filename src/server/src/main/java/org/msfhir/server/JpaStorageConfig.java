package org.msfhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.msfhir.server.schema.SchemaConfig;

/**
 * The storage side of HAPI JPA: storage settings, the Hibernate persistence unit on the configured
 * {@link DataSource} (H2 file for the quick start, PostgreSQL in production) and its transactions.
 * Hibernate settings, including the HAPI dialect, come from {@code spring.jpa.properties.*}. The
 * replacements of HAPI's storage internals are in {@code org.msfhir.overrides.OverridesConfig}.
 */
@Configuration
public class JpaStorageConfig {

	@Bean
	public JpaStorageSettings storageSettings(FhirServerProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setStoreMetaSourceInformation(properties.storeRequestId()
				? JpaStorageSettings.StoreMetaSourceInformationEnum.SOURCE_URI_AND_REQUEST_ID
				: JpaStorageSettings.StoreMetaSourceInformationEnum.SOURCE_URI);
		settings.setTagStorageMode(properties.tagStorageMode());
		settings.setIndexStorageOptimized(properties.indexStorageOptimized());
		settings.setAllowExternalReferences(true);
		// Referential integrity: a reference to a missing resource is refused, not stored.
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setDeleteExpungeEnabled(false);
		settings.setAllowMultipleDelete(true);
		settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
		// absolute references to this server are local references (see LocalBaseUrls)
		settings.setTreatBaseUrlsAsLocal(LocalBaseUrls.configured(properties.serverAddress(), properties.localBaseUrls()));
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	/** Built after the schema migration ({@link SchemaConfig}): Hibernate only uses the schema, never changes it. */
	@Bean
	@Primary
	@DependsOn(SchemaConfig.MIGRATION_BEAN)
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties,
			ObjectProvider<IntegratorProvider> hibernateIntegrators) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties properties = new Properties();
		properties.putAll(jpaProperties.getProperties());
		// Hibernate listeners of org.msfhir.overrides (OverridesConfig), when switched on
		hibernateIntegrators.ifAvailable(integrators -> properties.put("hibernate.integrator_provider", integrators));
		factory.setJpaProperties(properties);
		return factory;
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	// No IFulltextSearchSvc bean: full-text search (Hibernate Search) is off, and HAPI takes the mere
	// presence of that bean as "Hibernate Search is on" in its terminology service, which then fails
	// every $expand, $subsumes and value-set validation against stored code systems (HSEARCH800001).
	// All HAPI injection points of IFulltextSearchSvc are optional.

	@Bean
	public IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
		return new HSearchSortHelperImpl(searchParamRegistry);
	}

	@Bean
	public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}
}

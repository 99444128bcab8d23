package org.msfhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.tx.HapiTransactionService;
import ca.uhn.fhir.jpa.dao.TransactionFirstPassHistoryCalculator;
import ca.uhn.fhir.jpa.dao.index.DaoSearchParamSynchronizer;
import ca.uhn.fhir.jpa.dao.index.SearchParamWithInlineReferencesExtractor;
import ca.uhn.fhir.jpa.search.builder.predicate.TokenPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.msfhir.overrides.BundleCommitTransactionService;
import org.msfhir.overrides.ComboCode;
import org.msfhir.overrides.ComboCodePredicateBuilder;
import org.msfhir.overrides.ComboCodeRowFilter;
import org.msfhir.overrides.JpaOnlySearchParamExtractor;
import org.msfhir.overrides.SingleWriteFlushListener;
import org.msfhir.overrides.TransactionIndexingExtractor;
import org.msfhir.server.schema.SchemaConfig;

/**
 * The storage side of HAPI JPA: storage settings, the Hibernate persistence unit on the configured
 * {@link DataSource} (H2 file for the quick start, PostgreSQL in production) and its transactions.
 * Hibernate settings, including the HAPI dialect, come from {@code spring.jpa.properties.*}.
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
		settings.setEnableTaskBulkExportJobExecution(true);
		return settings;
	}

	/** Replaces HAPI's extractor (bean {@code searchParamExtractor}); see the class for why. */
	@Bean
	@Primary
	public ISearchParamExtractor jpaOnlySearchParamExtractor(JpaStorageSettings storageSettings) {
		return new JpaOnlySearchParamExtractor(storageSettings);
	}

	/** Replaces HAPI's bean of the same name: no throw-away index extraction in transactions. */
	@Bean
	public SearchParamWithInlineReferencesExtractor searchParamWithInlineReferencesExtractor() {
		return new TransactionIndexingExtractor();
	}

	/** Replaces HAPI's bean of the same name: no throw-away encoding in transactions. */
	@Bean
	public ResourceHistoryCalculator resourceHistoryCalculator(
			FhirContext fhirContext, HibernatePropertiesProvider hibernateProperties) {
		return new TransactionFirstPassHistoryCalculator(fhirContext, hibernateProperties.isOracleDialect());
	}

	/** Replaces HAPI's bean of the same name: transaction bundles commit without a second dirty check. */
	@Bean
	public HapiTransactionService hapiTransactionService(
			FhirServerProperties properties, IInterceptorService interceptors) {
		BundleCommitTransactionService service = new BundleCommitTransactionService(properties.checkBundleCommit());
		interceptors.registerInterceptor(service);
		return service;
	}

	/**
	 * Replaces HAPI's prototype bean of the same name: Observation's {@code combo-code} is searched in the
	 * rows of {@code code} and {@code component-code} ({@link ComboCode}).
	 */
	@Bean
	@Scope("prototype")
	public TokenPredicateBuilder newTokenPredicateBuilder(SearchQueryBuilder query) {
		return new ComboCodePredicateBuilder(query);
	}

	/** Replaces HAPI's bean of the same name: no {@code combo-code} rows stored, unless configured. */
	@Bean
	public DaoSearchParamSynchronizer daoSearchParamSynchronizer(FhirServerProperties properties) {
		return properties.storeComboCodeRows() ? new DaoSearchParamSynchronizer() : new ComboCodeRowFilter();
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
			JpaProperties jpaProperties) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties properties = new Properties();
		properties.putAll(jpaProperties.getProperties());
		properties.put("hibernate.integrator_provider", SingleWriteFlushListener.integratorProvider());
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

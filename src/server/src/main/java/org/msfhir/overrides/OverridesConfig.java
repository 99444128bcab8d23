package org.msfhir.overrides;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.index.DaoSearchParamSynchronizer;
import ca.uhn.fhir.jpa.dao.index.SearchParamWithInlineReferencesExtractor;
import ca.uhn.fhir.jpa.dao.tx.HapiTransactionService;
import ca.uhn.fhir.jpa.search.builder.predicate.TokenPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import javax.sql.DataSource;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.msfhir.server.FhirServerProperties;
import org.msfhir.server.schema.SchemaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;

/**
 * Every replacement of a HAPI, Hibernate or validator internal, the one place they are wired; each
 * behind its switch ({@link StorageOverridesProperties}, {@link ValidatorOverridesProperties}), and
 * pinned by {@code OverridesWiringIT}. A switched-off override is simply not defined, so HAPI's own bean
 * of that name stays. What each relies on in HAPI: docs/hapi-customisations.md.
 *
 * <p>Deliberately not annotated {@code @Configuration}: most beans replace HAPI's by bean name, and the
 * later definition wins. Component scanning would register this class before {@code FhirServerConfig}
 * imports HAPI's configuration, so HAPI's definitions would replace ours; the application class imports
 * it instead, which registers it after everything scanned.
 */
@EnableConfigurationProperties({StorageOverridesProperties.class, ValidatorOverridesProperties.class})
public class OverridesConfig {

	private static final Logger log = LoggerFactory.getLogger(OverridesConfig.class);

	/** HAPI JPA's instance validator behind {@code $validate} (the name HAPI injects it by). */
	public static final String HAPI_INSTANCE_VALIDATOR = "myInstanceValidator";

	/** Logs the switched-off overrides and the ones a dependency keeps out, once at startup. */
	@Bean
	public OverridesReport overridesReport(
			StorageOverridesProperties storage, ValidatorOverridesProperties validator, FhirServerProperties server) {
		OverridesReport report = new OverridesReport(storage, validator, server.storeComboCodeRows());
		if (!report.notInUse().isEmpty()) {
			log.warn("HAPI overrides not in use, HAPI's own behaviour instead: {}", report.notInUse());
		}
		return report;
	}

	/** Replaces HAPI's extractor (bean {@code searchParamExtractor}, injected by type). */
	@Bean
	@Primary
	@ConditionalOnProperty(name = "msfhir.storage.search-param-extractor", matchIfMissing = true)
	public ISearchParamExtractor jpaOnlySearchParamExtractor(JpaStorageSettings storageSettings) {
		return new JpaOnlySearchParamExtractor(storageSettings);
	}

	/** Replaces HAPI's bean of the same name: no throw-away index extraction in transactions. */
	@Bean
	@ConditionalOnProperty(name = "msfhir.storage.transaction-first-pass-indexing", matchIfMissing = true)
	public SearchParamWithInlineReferencesExtractor searchParamWithInlineReferencesExtractor() {
		return new TransactionIndexingExtractor();
	}

	/**
	 * Replaces HAPI's bean of the same name: no throw-away encoding in transactions. Only with the
	 * indexing extractor, which marks the resources it skips.
	 */
	@Bean
	@ConditionalOnExpression(
			"${msfhir.storage.transaction-first-pass-history:true} and ${msfhir.storage.transaction-first-pass-indexing:true}")
	public ResourceHistoryCalculator resourceHistoryCalculator(
			FhirContext fhirContext, HibernatePropertiesProvider hibernateProperties) {
		return new TransactionFirstPassHistoryCalculator(fhirContext, hibernateProperties.isOracleDialect());
	}

	/** The Hibernate listener, as the value of the JPA property {@code hibernate.integrator_provider}. */
	@Bean
	@ConditionalOnProperty(name = "msfhir.storage.single-write-flush", matchIfMissing = true)
	public IntegratorProvider singleWriteFlushIntegrator() {
		return SingleWriteFlushListener.integratorProvider();
	}

	/**
	 * Replaces HAPI's bean of the same name: transaction bundles commit without a second dirty check.
	 * {@code hapi.fhir.check-bundle-commit} turns on its diagnostic check.
	 */
	@Bean
	@ConditionalOnProperty(name = "msfhir.storage.bundle-commit-service", matchIfMissing = true)
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
	@ConditionalOnProperty(name = "msfhir.storage.combo-code-predicate", matchIfMissing = true)
	public TokenPredicateBuilder newTokenPredicateBuilder(SearchQueryBuilder query) {
		return new ComboCodePredicateBuilder(query);
	}

	/**
	 * Replaces HAPI's bean of the same name: no {@code combo-code} rows stored. Only with the predicate
	 * (HAPI's would search rows that are not there) and unless {@code hapi.fhir.store-combo-code-rows}
	 * asks for the rows.
	 */
	@Bean
	@ConditionalOnExpression("${msfhir.storage.combo-code-rows:true} and ${msfhir.storage.combo-code-predicate:true}"
			+ " and !${hapi.fhir.store-combo-code-rows:false}")
	public DaoSearchParamSynchronizer daoSearchParamSynchronizer() {
		return new ComboCodeRowFilter();
	}

	/** The validator engines of the MS validator: pooled, or HAPI's validator per resource. */
	/**
	 * Resets the statistics target of HAPI's reference-table id columns once the schema migration
	 * has run (the bean depends on it); a marker bean, for the wiring test.
	 */
	@Bean
	@DependsOn(SchemaConfig.MIGRATION_BEAN)
	@ConditionalOnProperty(name = "msfhir.storage.link-statistics", matchIfMissing = true)
	public LinkStatisticsApplied linkStatistics(DataSource dataSource) {
		return new LinkStatisticsApplied(LinkStatistics.apply(dataSource));
	}

	/** The columns {@link LinkStatistics} changed at this start (empty when they were already reset). */
	public record LinkStatisticsApplied(java.util.List<String> changedColumns) {}

	@Bean
	public ValidatorEngine.Factory validatorEngines(ValidatorOverridesProperties properties) {
		return properties.pooledEngines() ? ValidatorEngine.Factory.POOLED : ValidatorEngine.Factory.HAPI;
	}

	/** Routes HAPI's {@code $validate} for MS resources through the MS validator. */
	@Bean
	@ConditionalOnProperty(name = "msfhir.validation.validate-operation", matchIfMissing = true)
	public static BeanPostProcessor msValidateOperationPostProcessor(ObjectProvider<MsValidateOperationValidator.MsValidation> msValidator) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (HAPI_INSTANCE_VALIDATOR.equals(beanName) && bean instanceof IInstanceValidatorModule hapi) {
					return new MsValidateOperationValidator(hapi, msValidator::getObject);
				}
				return bean;
			}
		};
	}
}

package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.index.DaoSearchParamSynchronizer;
import ca.uhn.fhir.jpa.dao.index.SearchParamWithInlineReferencesExtractor;
import ca.uhn.fhir.jpa.search.builder.predicate.TokenPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SqlObjectFactory;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorService;
import ca.uhn.fhir.jpa.util.JpaHapiTransactionService;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import com.healthmarketscience.sqlbuilder.dbspec.basic.DbSpec;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.support.TestProfiles;
import org.msfhir.validation.MsResourceValidator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Every override of org.msfhir.overrides is the bean, listener or interceptor HAPI (or Hibernate)
 * actually uses, found the way HAPI finds it: by the type or name it injects, or in the field of the
 * HAPI object that holds it. With a switch off ({@link OverridesReport}), HAPI's own class must be there
 * instead. A HAPI upgrade that renames a bean or stops calling a hook makes this test fail rather than
 * silently dropping the override.
 */
class OverridesWiringIT extends PostgresIntegrationTest {

	@Autowired
	private OverridesReport overrides;

	@Autowired
	private SearchParamExtractorService extractorService;

	@Autowired
	private SearchParamWithInlineReferencesExtractor inlineReferencesExtractor;

	@Autowired
	private ResourceHistoryCalculator historyCalculator;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private DaoRegistry daoRegistry;

	@Autowired
	private IInterceptorService interceptors;

	@Autowired
	private SqlObjectFactory sqlObjects;

	@Autowired
	private DaoSearchParamSynchronizer synchronizer;

	@Autowired
	private MsResourceValidator msValidator;

	@Autowired
	private DataSource dataSource;

	@Test
	void theSuiteRunsWithEveryOverrideOrWithNone() {
		if (TestProfiles.overridesOff()) {
			assertThat(overrides.notInUse()).hasSize(10);
		} else {
			assertThat(overrides.notInUse()).as("overrides switched off in the default configuration").isEmpty();
		}
	}

	@Test
	void linkStatistics() throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String column : LinkStatistics.COLUMNS) {
				int target = LinkStatistics.target(statement, column);
				if (overrides.linkStatistics()) {
					assertThat(target).as(column + ": the database default").isLessThanOrEqualTo(0);
				} else {
					assertThat(target).as(column + ": as HAPI's schema sets it").isEqualTo(10000);
				}
			}
		}
	}

	@Test
	void searchParamExtractor() {
		// SearchParamExtractorService, which extracts the indexes of every write, has it injected by type
		Object inUse = ReflectionTestUtils.getField(target(extractorService), "mySearchParamExtractor");
		assertThat(inUse).isInstanceOf(ISearchParamExtractor.class);
		expect(inUse, overrides.searchParamExtractor(), JpaOnlySearchParamExtractor.class, SearchParamExtractorR4.class);
	}

	@Test
	void transactionFirstPassIndexing() {
		expect(target(inlineReferencesExtractor), overrides.transactionFirstPassIndexing(),
				TransactionIndexingExtractor.class, SearchParamWithInlineReferencesExtractor.class);
	}

	@Test
	void transactionFirstPassHistory() {
		expect(target(historyCalculator), overrides.transactionFirstPassHistory(),
				TransactionFirstPassHistoryCalculator.class, ResourceHistoryCalculator.class);
	}

	@Test
	void singleWriteFlushListener() {
		EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
				.getServiceRegistry().getService(EventListenerRegistry.class);
		List<Object> listeners = StreamSupport.stream(
						registry.getEventListenerGroup(EventType.FLUSH_ENTITY).listeners().spliterator(), false)
				.map(Object.class::cast).toList();
		if (overrides.singleWriteFlush()) {
			assertThat(listeners.get(0)).as("first flush-entity listener").isInstanceOf(SingleWriteFlushListener.class);
		} else {
			assertThat(listeners).noneMatch(SingleWriteFlushListener.class::isInstance);
		}
	}

	@Test
	void bundleCommitService() {
		// every resource DAO holds the transaction service it runs in
		Object inUse = ReflectionTestUtils.getField(target(daoRegistry.getResourceDao("Observation")), "myTransactionService");
		expect(inUse, overrides.bundleCommitService(), BundleCommitTransactionService.class, JpaHapiTransactionService.class);
		// and its hook marks the end of a bundle
		assertThat(interceptors.getAllRegisteredInterceptors().stream().anyMatch(inUse::equals))
				.as("registered as interceptor").isEqualTo(overrides.bundleCommitService());
	}

	@Test
	void comboCodePredicate() {
		// HAPI's search builder asks its SqlObjectFactory for a token predicate builder per query
		SearchQueryBuilder query = mock(SearchQueryBuilder.class);
		when(query.addTable("HFJ_SPIDX_TOKEN")).thenReturn(new DbSpec().addDefaultSchema().addTable("HFJ_SPIDX_TOKEN"));
		TokenPredicateBuilder inUse = sqlObjects.tokenIndexTable(query);
		expect(inUse, overrides.comboCodePredicate(), ComboCodePredicateBuilder.class, TokenPredicateBuilder.class);
	}

	@Test
	void comboCodeRowFilter() {
		expect(target(synchronizer), overrides.comboCodeRowFilter(), ComboCodeRowFilter.class,
				DaoSearchParamSynchronizer.class);
	}

	@Test
	void pooledValidatorEngines() {
		assertThat(msValidator.engine()).isInstanceOf(
				overrides.pooledEngines() ? ReusableInstanceValidator.class : HapiValidatorEngine.class);
	}

	@Test
	void validateOperation() {
		// the instance validator a resource DAO's $validate calls
		Object inUse = ReflectionTestUtils.getField(target(daoRegistry.getResourceDao("Observation")), "myInstanceValidator");
		assertThat(inUse).isInstanceOf(IInstanceValidatorModule.class);
		expect(inUse, overrides.validateOperation(), MsValidateOperationValidator.class, FhirInstanceValidator.class);
	}

	/** Ours when in use; otherwise exactly HAPI's class (not ours, not a subclass of it). */
	private static void expect(Object inUse, boolean ours, Class<?> override, Class<?> hapi) {
		if (ours) {
			assertThat(inUse).as("override in use").isInstanceOf(override);
		} else {
			assertThat(inUse.getClass()).as("HAPI's own class in use").isEqualTo(hapi);
		}
	}

	private static Object target(Object bean) {
		return AopTestUtils.getUltimateTargetObject(bean);
	}
}

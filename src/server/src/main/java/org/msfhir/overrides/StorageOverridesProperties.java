package org.msfhir.overrides;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Switches of the storage overrides ({@code msfhir.storage.*}), each on by default. Off means HAPI's
 * own bean of that name is used: the stored data and search results are the same, only slower (the
 * integration suite runs in both modes, Maven profile {@code overrides-off}). See
 * docs/hapi-customisations.md for what each replaces.
 *
 * @param searchParamExtractor {@link JpaOnlySearchParamExtractor} instead of HAPI's
 *     {@code searchParamExtractor}
 * @param transactionFirstPassIndexing {@link TransactionIndexingExtractor} instead of HAPI's
 *     {@code searchParamWithInlineReferencesExtractor}
 * @param transactionFirstPassHistory {@link TransactionFirstPassHistoryCalculator} instead of HAPI's
 *     {@code resourceHistoryCalculator}; only together with {@code transaction-first-pass-indexing},
 *     which marks the resources it acts on (alone it would change nothing, so it is not installed)
 * @param singleWriteFlush the Hibernate flush listener {@link SingleWriteFlushListener}
 * @param bundleCommitService {@link BundleCommitTransactionService} instead of HAPI's
 *     {@code hapiTransactionService} ({@code hapi.fhir.check-bundle-commit} is its diagnostic)
 * @param comboCodeRows {@link ComboCodeRowFilter} instead of HAPI's {@code daoSearchParamSynchronizer}:
 *     no {@code combo-code} rows stored. Only together with {@code combo-code-predicate} (HAPI's
 *     predicate would search rows that are not there) and while {@code hapi.fhir.store-combo-code-rows}
 *     is false (that setting asks for the rows)
 * @param comboCodePredicate {@link ComboCodePredicateBuilder} instead of HAPI's
 *     {@code newTokenPredicateBuilder}: {@code combo-code} searched in the {@code code} and
 *     {@code component-code} rows
 * @param linkStatistics {@link LinkStatistics}: the id columns of {@code HFJ_RES_LINK} keep PostgreSQL's
 *     default statistics target instead of the 10,000 HAPI's schema sets
 */
@Validated
@ConfigurationProperties("msfhir.storage")
public record StorageOverridesProperties(
		@DefaultValue("true") boolean searchParamExtractor,
		@DefaultValue("true") boolean transactionFirstPassIndexing,
		@DefaultValue("true") boolean transactionFirstPassHistory,
		@DefaultValue("true") boolean singleWriteFlush,
		@DefaultValue("true") boolean bundleCommitService,
		@DefaultValue("true") boolean comboCodeRows,
		@DefaultValue("true") boolean comboCodePredicate,
		@DefaultValue("true") boolean linkStatistics) {}

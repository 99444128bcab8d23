package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dependencies between override switches: an override whose partner is off is not installed. */
class OverridesReportTest {

	private static final ValidatorOverridesProperties VALIDATOR_ON = new ValidatorOverridesProperties(true, true);

	@Test
	void everythingOnByDefault() {
		OverridesReport report = new OverridesReport(storage(true, true, true, true), VALIDATOR_ON, false);
		assertThat(report.notInUse()).isEmpty();
		assertThat(report.transactionFirstPassHistory()).isTrue();
		assertThat(report.comboCodeRowFilter()).isTrue();
	}

	@Test
	void firstPassHistoryNeedsTheIndexingExtractor() {
		OverridesReport report = new OverridesReport(storage(false, true, true, true), VALIDATOR_ON, false);
		assertThat(report.transactionFirstPassHistory()).isFalse();
		assertThat(report.notInUse()).containsExactly("transaction-first-pass-indexing",
				"transaction-first-pass-history (needs transaction-first-pass-indexing)");
	}

	@Test
	void comboCodeRowFilterNeedsThePredicate() {
		OverridesReport report = new OverridesReport(storage(true, true, true, false), VALIDATOR_ON, false);
		assertThat(report.comboCodeRowFilter()).isFalse();
		assertThat(report.notInUse()).containsExactly("combo-code-predicate",
				"combo-code-rows (needs combo-code-predicate and hapi.fhir.store-combo-code-rows=false)");
	}

	@Test
	void storeComboCodeRowsKeepsHapisSynchroniser() {
		OverridesReport report = new OverridesReport(storage(true, true, true, true), VALIDATOR_ON, true);
		assertThat(report.comboCodeRowFilter()).isFalse();
		assertThat(report.comboCodePredicate()).isTrue();
	}

	@Test
	void aSwitchedOffOverrideIsListedWithoutReason() {
		OverridesReport report = new OverridesReport(storage(true, false, true, true), VALIDATOR_ON, false);
		assertThat(report.notInUse()).containsExactly("transaction-first-pass-history");
	}

	private static StorageOverridesProperties storage(
			boolean indexing, boolean history, boolean rows, boolean predicate) {
		return new StorageOverridesProperties(true, indexing, history, true, true, rows, predicate, true);
	}
}

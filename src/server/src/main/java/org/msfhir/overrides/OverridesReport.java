package org.msfhir.overrides;

import java.util.ArrayList;
import java.util.List;

/**
 * Which overrides are in use, from their switches and the dependencies between them (logged at startup;
 * tests read it to know which behaviour to expect).
 *
 * @param storeComboCodeRows HAPI's {@code hapi.fhir.store-combo-code-rows}
 */
public record OverridesReport(
		StorageOverridesProperties storage, ValidatorOverridesProperties validator, boolean storeComboCodeRows) {

	public boolean searchParamExtractor() {
		return storage.searchParamExtractor();
	}

	public boolean transactionFirstPassIndexing() {
		return storage.transactionFirstPassIndexing();
	}

	/** Only with the indexing extractor, which marks the resources the calculator skips. */
	public boolean transactionFirstPassHistory() {
		return storage.transactionFirstPassHistory() && storage.transactionFirstPassIndexing();
	}

	public boolean singleWriteFlush() {
		return storage.singleWriteFlush();
	}

	public boolean bundleCommitService() {
		return storage.bundleCommitService();
	}

	public boolean comboCodePredicate() {
		return storage.comboCodePredicate();
	}

	/** Only with the predicate, and unless {@code hapi.fhir.store-combo-code-rows} asks for the rows. */
	public boolean comboCodeRowFilter() {
		return storage.comboCodeRows() && storage.comboCodePredicate() && !storeComboCodeRows;
	}

	public boolean linkStatistics() {
		return storage.linkStatistics();
	}

	public boolean pooledEngines() {
		return validator.pooledEngines();
	}

	public boolean validateOperation() {
		return validator.validateOperation();
	}

	/** The overrides not in use, with the reason when a switch that is on is overruled. */
	public List<String> notInUse() {
		List<String> off = new ArrayList<>();
		add(off, searchParamExtractor(), "search-param-extractor", true);
		add(off, transactionFirstPassIndexing(), "transaction-first-pass-indexing", true);
		add(off, transactionFirstPassHistory(), "transaction-first-pass-history (needs transaction-first-pass-indexing)",
				storage.transactionFirstPassHistory());
		add(off, singleWriteFlush(), "single-write-flush", true);
		add(off, bundleCommitService(), "bundle-commit-service", true);
		add(off, comboCodePredicate(), "combo-code-predicate", true);
		add(off, comboCodeRowFilter(),
				"combo-code-rows (needs combo-code-predicate and hapi.fhir.store-combo-code-rows=false)",
				storage.comboCodeRows());
		add(off, linkStatistics(), "link-statistics", true);
		add(off, pooledEngines(), "validation.pooled-engines", true);
		add(off, validateOperation(), "validation.validate-operation", true);
		return off;
	}

	private static void add(List<String> off, boolean inUse, String name, boolean switchedOn) {
		if (!inUse) {
			off.add(switchedOn ? name : name.replaceAll(" \\(.*", ""));
		}
	}
}

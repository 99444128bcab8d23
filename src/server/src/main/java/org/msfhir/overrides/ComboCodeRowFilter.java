package org.msfhir.overrides;

import ca.uhn.fhir.jpa.dao.index.DaoSearchParamSynchronizer;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.util.AddRemoveCount;
import java.util.ArrayList;
import java.util.List;

/**
 * HAPI's index-row synchronisation without Observation's {@code combo-code} rows ({@link ComboCode}).
 *
 * <p>The rows are left out only on their way to the database: the extracted set keeps them, because
 * HAPI matches conditional URLs of the same request in memory against it (a conditional update by
 * {@code combo-code} must still find the resource it stores). Rows stored while
 * {@code hapi.fhir.store-combo-code-rows} was on are not protected, so writing or reindexing such a
 * resource deletes them.
 */
public class ComboCodeRowFilter extends DaoSearchParamSynchronizer {

	@Override
	public AddRemoveCount synchronizeSearchParamsToDatabase(
			ResourceIndexedSearchParams params, ResourceTable entity, ResourceIndexedSearchParams existing) {
		// Rows left out by an earlier write of the resource in this session were never stored.
		existing.myTokenParams.removeIf(row -> row.getId() == null && ComboCode.isRow(row));
		List<ResourceIndexedSearchParamToken> comboRows = new ArrayList<>();
		for (ResourceIndexedSearchParamToken row : params.myTokenParams) {
			if (ComboCode.isRow(row)) {
				comboRows.add(row);
			}
		}
		params.myTokenParams.removeAll(comboRows);
		try {
			return super.synchronizeSearchParamsToDatabase(params, entity, existing);
		} finally {
			for (ResourceIndexedSearchParamToken row : comboRows) {
				// hashes as stored rows have them: HAPI's in-memory matching compares them
				row.setPartitionId(entity.getPartitionId());
				row.calculateHashes();
			}
			params.myTokenParams.addAll(comboRows);
		}
	}
}

package org.msfhir.overrides;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.dao.index.SearchParamWithInlineReferencesExtractor;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's search-index extraction, without the first of the two extractions HAPI makes for each
 * resource written in a FHIR transaction.
 *
 * <p>HAPI stores a transaction's entries in two passes: the first creates each resource (to learn
 * its id) while its references still point at {@code urn:uuid:} placeholders, the second resolves
 * the references and stores the resource again with its search indexes. The first pass extracts
 * every search parameter too, and throws the result away: it neither writes the indexes nor checks
 * conditional matches (both wait for the second pass). That extraction took about a sixth of the
 * server's CPU samples (JFR) for patient bundles. This class skips it, and, so that nothing depends
 * on the discarded extraction, always sets the resource's "which index tables hold rows" flags from
 * the second pass's extraction (HAPI sets them only when the stored text changed between the
 * passes, relying on the first pass otherwise). It also marks the resource for
 * {@link TransactionFirstPassHistoryCalculator}, which then skips the first pass's encoding.
 *
 * <p>Extraction outside transactions, in the second pass, and for in-memory matching, reindexing
 * and {@code $validate} is HAPI's, unchanged.
 */
public class TransactionIndexingExtractor extends SearchParamWithInlineReferencesExtractor {

	@Override
	public void populateFromResource(
			RequestPartitionId partitionId,
			ResourceIndexedSearchParams params,
			TransactionDetails transactionDetails,
			ResourceTable entity,
			IBaseResource resource,
			ResourceIndexedSearchParams existingParams,
			RequestDetails request,
			boolean performIndexing) {
		if (!performIndexing && transactionDetails != null && transactionDetails.isFhirTransaction()) {
			// first pass of a transaction: its indexes would be discarded, and so would the stored text
			// HAPI encodes next
			resource.setUserData(TransactionFirstPassHistoryCalculator.FIRST_PASS, Boolean.TRUE);
			return;
		}
		if (resource.getUserData(TransactionFirstPassHistoryCalculator.FIRST_PASS) != null) {
			resource.setUserData(TransactionFirstPassHistoryCalculator.FIRST_PASS, null); // never left behind
		}
		super.populateFromResource(
				partitionId, params, transactionDetails, entity, resource, existingParams, request, performIndexing);
		if (performIndexing) {
			params.populateResourceTableSearchParamsPresentFlags(entity);
		}
	}
}

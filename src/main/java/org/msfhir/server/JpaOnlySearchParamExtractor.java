package org.msfhir.server;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParamComposite;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's R4 search-parameter extractor without the work whose result this server throws away.
 *
 * <p>HAPI extracts every composite search parameter (for an Observation: component-code-value-quantity,
 * code-value-concept and five more) into objects that only its Hibernate Search (Lucene/Elasticsearch)
 * index reads. This server stores indexes in the JPA tables only: composite searches are answered by
 * joining the token, quantity and date rows of the parameters they combine, which are extracted as
 * usual. Skipping the composite objects cut ~10 % of the server's CPU per stored MS observation
 * (an EDSS has nine components) without changing any search (SearchIT runs composite searches).
 */
public class JpaOnlySearchParamExtractor extends SearchParamExtractorR4 {

	private final JpaStorageSettings settings;

	public JpaOnlySearchParamExtractor(JpaStorageSettings settings) {
		this.settings = settings;
	}

	@Override
	public SearchParamSet<ResourceIndexedSearchParamComposite> extractSearchParamComposites(
			IBaseResource resource, ISearchParamFilter filter) {
		if (settings.isAdvancedHSearchIndexing()) {
			return super.extractSearchParamComposites(resource, filter);
		}
		return new SearchParamSet<>();
	}
}

package org.msfhir.common;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.ISearchBuilder;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads resources for an export straight from the JPA layer: first the database ids matching the
 * searches (one streamed SQL query each, no paging cache), then the resources in batches of a few
 * hundred per round trip. Runs as a system request: what the caller may see was already decided
 * from their grant and is part of the searches.
 */
public class ResourceReader {

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final MatchUrlService matchUrlService;
	private final SearchBuilderFactory<JpaPid> searchBuilderFactory;
	private final TransactionTemplate readOnly;

	public ResourceReader(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			MatchUrlService matchUrlService,
			SearchBuilderFactory<JpaPid> searchBuilderFactory,
			PlatformTransactionManager transactionManager) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.matchUrlService = matchUrlService;
		this.searchBuilderFactory = searchBuilderFactory;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** A search map for {@code type?query}; an empty query matches every resource of the type. */
	public SearchParameterMap newMap(String type, String query) {
		if (query == null || query.isEmpty()) {
			return new SearchParameterMap();
		}
		return matchUrlService.translateMatchUrl(type + "?" + query, fhirContext.getResourceDefinition(type));
	}

	/** The ids of the resources matching any of the maps (deduplicated when there are several). */
	@SuppressWarnings("unchecked")
	public List<JpaPid> findIds(String type, List<SearchParameterMap> maps) {
		IFhirResourceDao<IBaseResource> dao = daoRegistry.getResourceDao(type);
		Collection<JpaPid> ids = maps.size() == 1 ? new ArrayList<>() : new LinkedHashSet<>();
		for (SearchParameterMap map : maps) {
			readOnly.executeWithoutResult(tx -> {
				try (Stream<JpaPid> stream =
						dao.searchForIdStream(map, new SystemRequestDetails(), null)) {
					stream.forEach(ids::add);
				}
			});
		}
		return ids instanceof List<JpaPid> list ? list : new ArrayList<>(ids);
	}

	/** Loads one batch of resources in a single short read transaction. */
	@SuppressWarnings("unchecked")
	public List<IBaseResource> load(String type, List<JpaPid> ids) {
		Class<? extends IBaseResource> resourceClass = fhirContext.getResourceDefinition(type).getImplementingClass();
		ISearchBuilder<JpaPid> builder = searchBuilderFactory.newSearchBuilder(type, resourceClass);
		return readOnly.execute(tx -> {
			List<IBaseResource> out = new ArrayList<>(ids.size());
			builder.loadResourcesByPid(ids, List.of(), out, false, new SystemRequestDetails());
			return out;
		});
	}
}

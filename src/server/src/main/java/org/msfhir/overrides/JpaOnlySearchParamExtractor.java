package org.msfhir.overrides;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParamComposite;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;

/**
 * HAPI's R4 search-parameter extractor without the work whose result this server throws away.
 *
 * <p>HAPI extracts every composite search parameter (for an Observation: component-code-value-quantity,
 * code-value-concept and five more) into objects that only its Hibernate Search (Lucene/Elasticsearch)
 * index reads. This server stores indexes in the JPA tables only: composite searches are answered by
 * joining the token, quantity and date rows of the parameters they combine, which are extracted as
 * usual. Skipping the composite objects cut ~10 % of the server's CPU per stored MS observation
 * (an EDSS has nine components) without changing any search (SearchIT runs composite searches).
 *
 * <p>It also walks the simple paths (element names, a type filter with {@code as}, a reference-type
 * filter; {@link ElementPath}) instead of running FHIRPath for them, and splits each parameter's
 * expression once instead of for every resource: HAPI evaluates every parameter of a type for every
 * stored resource, and FHIRPath (parse cache, type checks at entry, the engine's general machinery)
 * was ~9 % of the server's CPU on MS ingest. A parameter shared by many types ({@code code},
 * {@code patient}, {@code date}) has a path per type, and HAPI evaluates all of them on every resource;
 * a path that starts at another resource type finds nothing, so it is answered empty at once. The
 * values are the same objects FHIRPath returns ({@code ElementPathTest} compares both over generated
 * cohorts and every parameter of every type).
 * Both caches hold one entry per search-parameter expression.
 */
public class JpaOnlySearchParamExtractor extends SearchParamExtractorR4 {

	private final JpaStorageSettings settings;
	private final Map<String, Optional<ElementPath>> elementPaths = new ConcurrentHashMap<>();
	private final Map<String, String[]> splitPaths = new ConcurrentHashMap<>();

	public JpaOnlySearchParamExtractor(JpaStorageSettings settings) {
		this.settings = settings;
	}

	/** For tests: an extractor outside Spring, over the given context and search parameters. */
	JpaOnlySearchParamExtractor(
			JpaStorageSettings settings, FhirContext context, ISearchParamRegistry searchParams) {
		super(settings, new PartitionSettings(), context, searchParams);
		this.settings = settings;
	}

	@Override
	public IValueExtractor getPathValueExtractor(IBase resource, String path) {
		Optional<ElementPath> parsed = elementPaths.get(path);
		if (parsed == null) {
			parsed = Optional.ofNullable(ElementPath.parse(path));
			elementPaths.put(path, parsed);
		}
		ElementPath walk = parsed.orElse(null);
		if (walk != null && walk.startsAtOtherType(resource)) {
			return List::of;
		}
		IValueExtractor fhirPath = super.getPathValueExtractor(resource, path);
		if (walk != null && walk.appliesTo(resource)) {
			return () -> {
				List<Base> values = walk.evaluate((Base) resource);
				return values != null ? values : fhirPath.get();
			};
		}
		return fhirPath;
	}

	@Override
	public String[] split(String paths) {
		String[] split = splitPaths.get(paths);
		if (split == null) {
			split = super.split(paths);
			splitPaths.put(paths, split);
		}
		return split.clone();
	}

	// HAPI 8.8 deprecates the setting but still reads it to decide whether Hibernate Search indexes
	// composites; the customisation table lists it among what this override relies on.
	@SuppressWarnings("deprecation")
	@Override
	public SearchParamSet<ResourceIndexedSearchParamComposite> extractSearchParamComposites(
			IBaseResource resource, ISearchParamFilter filter) {
		if (settings.isAdvancedHSearchIndexing()) {
			return super.extractSearchParamComposites(resource, filter);
		}
		return new SearchParamSet<>();
	}
}

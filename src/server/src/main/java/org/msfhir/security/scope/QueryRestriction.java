package org.msfhir.security.scope;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The FHIR query part of a SMART v2 scope such as {@code patient/Observation.rs?category=laboratory}:
 * a resource is covered only if it matches every criterion (a criterion value may list alternatives
 * separated by commas, as in a FHIR search).
 *
 * @param criteria the search parameters and their (decoded) values, in scope order
 */
public record QueryRestriction(List<Criterion> criteria) {

	/** One {@code name=value} pair of the query. */
	public record Criterion(String name, String value) {}

	public QueryRestriction {
		criteria = List.copyOf(criteria);
	}

	/** The names of the search parameters the restriction uses, e.g. {@code [category]}. */
	public List<String> parameterNames() {
		return criteria.stream().map(Criterion::name).distinct().toList();
	}

	/** The query in URL form (values percent-encoded), ready for a FHIR search matcher. */
	public String toQueryString() {
		return criteria.stream()
				.map(c -> c.name() + "=" + URLEncoder.encode(c.value(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
	}

	@Override
	public String toString() {
		return criteria.stream().map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("&"));
	}
}

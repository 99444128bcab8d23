package org.msfhir.overrides;

import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.model.util.SearchParamHash;
import java.util.List;

/**
 * Observation's {@code combo-code} search parameter, answered from the rows of the two parameters it
 * unites. FHIR R4 defines it as {@code Observation.code | Observation.component.code}: every token it
 * indexes is also indexed by {@code code} or by {@code component-code}. Storing it again cost ~2.4 token
 * rows per stored Observation, a third of an Observation's token rows (each row with six B-tree
 * entries), for a parameter whose matches are exactly the resources with a matching {@code code} row or
 * a matching {@code component-code} row.
 *
 * <p>So the server does not write {@code combo-code} rows ({@link ComboCodeRowFilter}) and searches of
 * {@code combo-code} look in both other parameters' rows ({@link ComboCodePredicateBuilder}): plain,
 * {@code :not}, {@code :in}, {@code :missing}, sorting, chains, {@code _has} and the composite
 * {@code combo-code-value-*} parameters all go through that one predicate. Rows stored while
 * {@code hapi.fhir.store-combo-code-rows} was on are deleted when their resource is next written or
 * reindexed; searches never read them.
 */
public final class ComboCode {

	static final String RESOURCE_TYPE = "Observation";
	static final String PARAMETER = "combo-code";
	static final List<String> PARTS = List.of("code", "component-code");

	/** Hash identity of the parameter's rows (partitioning is off on this server). */
	private static final long HASH_IDENTITY = SearchParamHash.hashSearchParam(RESOURCE_TYPE, PARAMETER);

	private ComboCode() {}

	static boolean isParameter(String resourceType, String parameterName) {
		return PARAMETER.equals(parameterName) && RESOURCE_TYPE.equals(resourceType);
	}

	/**
	 * Whether a token row belongs to {@code combo-code}: by name while the row is in memory, by hash once
	 * it has been stored without its name (HAPI's index storage optimisation).
	 */
	static boolean isRow(ResourceIndexedSearchParamToken row) {
		String name = row.getParamName();
		if (name != null) {
			return PARAMETER.equals(name) && (row.getResourceType() == null || RESOURCE_TYPE.equals(row.getResourceType()));
		}
		Long hash = row.getHashIdentity();
		return hash != null && hash == HASH_IDENTITY;
	}
}

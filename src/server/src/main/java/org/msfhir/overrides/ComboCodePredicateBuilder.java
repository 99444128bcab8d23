package org.msfhir.overrides;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.dao.predicate.SearchFilterParser;
import ca.uhn.fhir.jpa.search.builder.predicate.TokenPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import com.healthmarketscience.sqlbuilder.ComboCondition;
import com.healthmarketscience.sqlbuilder.Condition;
import java.util.Collection;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HAPI's token predicates, with Observation's {@code combo-code} read from the rows of {@code code}
 * and {@code component-code} ({@link ComboCode}). A {@code combo-code} condition on a token row becomes
 * "the row is a {@code code} row matching the value, or a {@code component-code} row matching it", in
 * the same join, so every way HAPI uses a token predicate (lists of values, {@code :not} as a
 * sub-select, value-set modifiers, {@code :missing} and sorting by hash identity, chains, {@code _has},
 * composites) keeps its meaning.
 */
public class ComboCodePredicateBuilder extends TokenPredicateBuilder {

	@Autowired
	private ISearchParamRegistry searchParams;

	public ComboCodePredicateBuilder(SearchQueryBuilder query) {
		super(query);
	}

	@Override
	public Condition createPredicateToken(
			Collection<IQueryParameterType> values,
			String resourceType,
			String prefix,
			RuntimeSearchParam parameter,
			SearchFilterParser.CompareOperation operation,
			RequestPartitionId partition) {
		if (prefix != null || !ComboCode.isParameter(resourceType, parameter.getName())) {
			return super.createPredicateToken(values, resourceType, prefix, parameter, operation, partition);
		}
		Condition[] either = new Condition[ComboCode.PARTS.size()];
		for (int i = 0; i < either.length; i++) {
			RuntimeSearchParam part = searchParams.getActiveSearchParam(
					resourceType, ComboCode.PARTS.get(i), ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
			if (part == null) {
				// only if a SearchParameter resource switched it off: then its rows are not stored either
				throw new InvalidRequestException("combo-code cannot be searched on this server: it is answered from"
						+ " the rows of " + ComboCode.PARTS.get(i) + ", which is not an active search parameter");
			}
			either[i] = super.createPredicateToken(values, resourceType, null, part, operation, partition);
			if (either[i] == null) {
				return null; // no value to look for (an empty value set): HAPI has marked the query as matching nothing
			}
		}
		return ComboCondition.or(either);
	}

	@Override
	public Condition createHashIdentityPredicate(
			RequestPartitionId partition, String resourceType, String parameterName) {
		if (!ComboCode.isParameter(resourceType, parameterName)) {
			return super.createHashIdentityPredicate(partition, resourceType, parameterName);
		}
		Condition[] either = ComboCode.PARTS.stream()
				.map(part -> super.createHashIdentityPredicate(partition, resourceType, part))
				.toArray(Condition[]::new);
		return ComboCondition.or(either);
	}
}

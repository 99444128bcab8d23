package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import com.healthmarketscience.sqlbuilder.dbspec.basic.DbSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The one case {@link ComboCodePredicateBuilder} refuses: a server where a SearchParameter resource has
 * switched off {@code code} or {@code component-code}, whose rows a {@code combo-code} search needs.
 * The searches it answers are in {@code ComboCodeIT}.
 */
class ComboCodePredicateBuilderTest {

	@Test
	void aComboCodeSearchWithoutTheCodeParameterIsRefusedWithTheReason() {
		SearchQueryBuilder query = mock(SearchQueryBuilder.class);
		when(query.addTable("HFJ_SPIDX_TOKEN")).thenReturn(new DbSpec().addDefaultSchema().addTable("HFJ_SPIDX_TOKEN"));
		ComboCodePredicateBuilder builder = new ComboCodePredicateBuilder(query);
		ReflectionTestUtils.setField(builder, "searchParams", mock(ISearchParamRegistry.class)); // knows no parameter
		RuntimeSearchParam comboCode =
				FhirContext.forR4Cached().getResourceDefinition("Observation").getSearchParam("combo-code");

		assertThatThrownBy(() -> builder.createPredicateToken(
						List.of(new TokenParam("http://loinc.org", "8867-4")), "Observation", null, comboCode, null, null))
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("combo-code cannot be searched")
				.hasMessageContaining("rows of code");
	}
}

package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.junit.jupiter.api.Test;

/**
 * The guide's OperationDefinition ms-cohort (profiles/operations) lists exactly the parameters the
 * parser accepts, at the top level and as parts of {@code exclude} and {@code any-of}.
 */
class CohortOperationDefinitionTest {

	static final String URL = "http://msfhir.org/fhir/OperationDefinition/ms-cohort";

	@Test
	void everyParameterOfTheParserIsInTheOperationDefinitionAndViceVersa() throws Exception {
		OperationDefinition definition;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream("ig/OperationDefinition-ms-cohort.json")) {
			assertThat(in).as("ig/OperationDefinition-ms-cohort.json on the classpath").isNotNull();
			definition = FhirContext.forR4Cached().newJsonParser().parseResource(OperationDefinition.class, in);
		}
		assertThat(definition.getUrl()).isEqualTo(URL);
		Set<String> in = definition.getParameter().stream().filter(p -> p.getUse() == OperationParameterUse.IN)
				.map(OperationDefinitionParameterComponent::getName).collect(Collectors.toSet());
		assertThat(in).isEqualTo(CohortCriteriaParser.KNOWN);

		Set<String> parts = new HashSet<>(CohortCriteriaParser.KNOWN);
		parts.removeAll(CohortCriteriaParser.GROUPS);
		parts.removeAll(CohortCriteriaParser.REQUEST);
		for (String group : CohortCriteriaParser.GROUPS) {
			OperationDefinitionParameterComponent p = definition.getParameter().stream()
					.filter(x -> x.getName().equals(group)).findFirst().orElseThrow();
			assertThat(p.getPart().stream().map(OperationDefinitionParameterComponent::getName).collect(Collectors.toSet()))
					.as("parts of %s", group).isEqualTo(parts);
			assertThat(p.getMax()).isEqualTo("*");
		}
		definition.getParameter().forEach(p -> assertThat(p.getDocumentation()).as(p.getName()).isNotBlank());
	}
}

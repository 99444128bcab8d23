package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleEntryTargetTest {

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({
		"GET, Observation?code=x, SEARCH_TYPE, Observation, , ",
		"GET, Observation/1, READ, Observation, 1, ",
		"GET, Observation/1/_history/2, VREAD, Observation, 1, ",
		"GET, Observation/1/_history, HISTORY_INSTANCE, Observation, 1, ",
		"GET, Observation/_history, HISTORY_TYPE, Observation, , ",
		"POST, Observation, CREATE, Observation, , ",
		"POST, Observation/_search, SEARCH_TYPE, Observation, , ",
		"PUT, Patient/7, UPDATE, Patient, 7, ",
		"PUT, Patient?identifier=x, UPDATE, Patient, , ",
		"PATCH, Patient/7, PATCH, Patient, 7, ",
		"DELETE, Patient/7, DELETE, Patient, 7, ",
		"GET, Patient/7/$everything, EXTENDED_OPERATION_INSTANCE, Patient, 7, $everything",
		"POST, Observation/$validate, EXTENDED_OPERATION_TYPE, Observation, , $validate",
		"GET, http://example.org/fhir/Patient/7, READ, Patient, 7, "
	})
	void entryUrlsAreRoutedLikeTheServerDoes(
			String method, String url, RestOperationTypeEnum interaction, String type, String id, String operation) {
		Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
		entry.getRequest().setMethod(Bundle.HTTPVerb.fromCode(method)).setUrl(url);
		BundleEntryTarget target = BundleEntryTarget.of(entry);
		assertThat(target.problem()).isNull();
		assertThat(target.interaction()).isEqualTo(interaction);
		assertThat(target.type()).isEqualTo(type);
		assertThat(target.id()).isEqualTo(id);
		assertThat(target.operation()).isEqualTo(operation);
	}
}

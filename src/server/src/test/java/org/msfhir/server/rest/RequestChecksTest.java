package org.msfhir.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestChecksTest {

	@Test
	void idsFollowTheFhirIdRule() {
		assertThat(RequestChecks.checkId("abc-1.2")).isNull();
		assertThat(RequestChecks.checkId("123")).isNull();
		assertThat(RequestChecks.checkId("a".repeat(64))).isNull();
		assertThat(RequestChecks.checkId("a".repeat(65))).contains("Invalid resource id");
		assertThat(RequestChecks.checkId("a_b")).contains("'a_b'");
		assertThat(RequestChecks.checkId("a b")).isNotNull();
		assertThat(RequestChecks.checkId("")).isNotNull();
	}

	@Test
	void ifMatchMustBeAVersionEtag() {
		assertThat(RequestChecks.checkIfMatch(null)).isNull();
		assertThat(RequestChecks.checkIfMatch("W/\"3\"")).isNull();
		assertThat(RequestChecks.checkIfMatch("\"12\"")).isNull();
		assertThat(RequestChecks.checkIfMatch("3")).contains("expected a version ETag");
		assertThat(RequestChecks.checkIfMatch("W/\"abc\"")).isNotNull();
		assertThat(RequestChecks.checkIfMatch("*")).isNotNull();
	}

	@Test
	void queryStringEscapesMustBeComplete() {
		assertThat(RequestChecks.checkQueryString(null)).isNull();
		assertThat(RequestChecks.checkQueryString("name=%41da&code=http://loinc.org|1-8")).isNull();
		assertThat(RequestChecks.checkQueryString("name=%zz")).contains("'%'");
		assertThat(RequestChecks.checkQueryString("name=100%")).isNotNull();
		assertThat(RequestChecks.checkQueryString("name=%4")).isNotNull();
	}

	@Test
	void resourceBodiesMustBeJsonOrXml() {
		assertThat(RequestChecks.isFhirResourceType("application/fhir+json")).isTrue();
		assertThat(RequestChecks.isFhirResourceType("application/fhir+xml; charset=UTF-8")).isTrue();
		assertThat(RequestChecks.isFhirResourceType("application/json")).isTrue();
		assertThat(RequestChecks.isFhirResourceType("Application/XML")).isTrue();
		assertThat(RequestChecks.isFhirResourceType("text/plain")).isFalse();
		assertThat(RequestChecks.isFhirResourceType("application/json-patch+json")).isFalse();
		assertThat(RequestChecks.isFhirResourceType(null)).isFalse();
		assertThat(RequestChecks.isFhirResourceType(" ")).isFalse();
	}

	@Test
	void patchBodiesMayBeJsonPatchOrParameters() {
		assertThat(RequestChecks.isPatchType("application/json-patch+json")).isTrue();
		assertThat(RequestChecks.isPatchType("application/fhir+json")).isTrue();
		assertThat(RequestChecks.isPatchType("text/plain")).isFalse();
		assertThat(RequestChecks.isPatchType(null)).isFalse();
	}
}

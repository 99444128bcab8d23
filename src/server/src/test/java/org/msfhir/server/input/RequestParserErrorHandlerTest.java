package org.msfhir.server.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** Unknown elements during a request: refused by default, dropped and reported in lenient mode. */
class RequestParserErrorHandlerTest {

	private static final String JSON = "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"favouriteColour\":\"blue\"}";
	private static final String XML = "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"/><favouriteColour value=\"blue\"/></Patient>";

	private final FhirContext context = newContext();

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static FhirContext newContext() {
		FhirContext context = FhirContext.forR4();
		context.setParserErrorHandler(new RequestParserErrorHandler());
		return context;
	}

	@Test
	void rejectModeRefusesUnknownElementsInJsonAndXml() {
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.REJECT, bytes(JSON))) {
			assertThatThrownBy(() -> context.newJsonParser().parseResource(Patient.class, JSON))
					.isInstanceOf(DataFormatException.class)
					.hasMessageContaining("Unknown element 'Patient.favouriteColour'");
		}
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.REJECT, bytes(XML))) {
			assertThatThrownBy(() -> context.newXmlParser().parseResource(Patient.class, XML))
					.isInstanceOf(DataFormatException.class)
					.hasMessageContaining("Unknown element 'Patient.favouriteColour'");
		}
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.REJECT)) {
			assertThatThrownBy(() -> context.newJsonParser().parseResource(Patient.class, JSON))
					.as("without the body at hand, the element's name")
					.hasMessageContaining("Unknown element 'favouriteColour'");
			Patient good = context.newJsonParser().parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"gender\":\"female\"}");
			assertThat(good.getGender()).isEqualTo(FEMALE);
		}
	}

	@Test
	void warnModeDropsTheElementAndRecordsItsPath() {
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.WARN)) {
			Patient json = context.newJsonParser().parseResource(Patient.class, JSON);
			Patient xml = context.newXmlParser().parseResource(Patient.class, XML);
			// without the body at hand (not a JSON or XML media type), the element's name
			assertThat(json.getGender()).isEqualTo(FEMALE);
			assertThat(xml.getGender()).isEqualTo(FEMALE);
			assertThat(RequestParsing.droppedElements()).hasSize(2).allSatisfy(p -> assertThat(p).contains("favouriteColour"));

			MockHttpServletResponse servletResponse = new MockHttpServletResponse();
			OperationOutcome outcome = new OperationOutcome();
			new DroppedElementsWarning().outgoing(outcome, servletResponse);
			assertThat(servletResponse.getHeaders(DroppedElementsWarning.HEADER))
					.hasSize(2)
					.allSatisfy(h -> assertThat(h).contains("favouriteColour").contains("dropped"));
			assertThat(outcome.getIssue()).hasSize(2).allSatisfy(issue -> {
				assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
				assertThat(issue.getDiagnostics()).contains("favouriteColour");
			});
		}
		assertThat(RequestParsing.droppedElements()).as("nothing left behind after the request").isEmpty();
	}

	@Test
	void pathsOfUnknownElementsInBundleEntriesHaveTheEntryIndex() {
		String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\","
				+ "\"name\":[{\"family\":\"a\"}]}},{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"b\"},"
				+ "{\"family\":\"c\",\"nickname\":\"d\"}]}}]}";
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.WARN, bytes(bundle))) {
			context.newJsonParser().parseResource(bundle);
			assertThat(RequestParsing.droppedElements()).containsExactly("Bundle.entry[1].resource.name[1].nickname");
		}
	}

	@Test
	void outsideARequestParsingStaysLenient() {
		IParser parser = context.newJsonParser();
		assertThat(parser.parseResource(Patient.class, JSON).getGender()).isEqualTo(FEMALE);
		MockHttpServletResponse servletResponse = new MockHttpServletResponse();
		new DroppedElementsWarning().outgoing(null, servletResponse);
		assertThat(servletResponse.getHeaderNames()).isEmpty();
	}

}

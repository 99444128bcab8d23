package org.msfhir.support;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Small helpers for plain-HTTP integration tests: bodies and reading FHIR responses. */
public final class Http {

	public static final String FHIR_JSON = "application/fhir+json";
	public static final String FHIR_XML = "application/fhir+xml";
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private Http() {}

	public static HttpRequest.BodyPublisher body(String text) {
		return HttpRequest.BodyPublishers.ofString(text);
	}

	/** A value no other test (or earlier run on the same database) uses. */
	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	/** Parses a JSON or XML response body as a FHIR resource of the given type. */
	public static <T extends IBaseResource> T parse(HttpResponse<String> response, Class<T> type) {
		String body = response.body();
		boolean xml = body.stripLeading().startsWith("<");
		return (xml ? FHIR.newXmlParser() : FHIR.newJsonParser()).parseResource(type, body);
	}

	/** The diagnostics of all issues of an OperationOutcome response, joined by " | ". */
	public static String diagnostics(HttpResponse<String> response) {
		OperationOutcome outcome = parse(response, OperationOutcome.class);
		return outcome.getIssue().stream()
				.map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.collect(Collectors.joining(" | "));
	}
}

package org.msfhir.server.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import ca.uhn.fhir.context.FhirContext;

/**
 * Writes an OperationOutcome for errors that happen before a request reaches HAPI (servlet filters,
 * the container's error page), so every error a client sees has the same FHIR shape.
 */
public final class OperationOutcomeWriter {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomeWriter() {}

	public static void write(
			HttpServletResponse response, int status, OperationOutcome.IssueType type, String diagnostics)
			throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(diagnostics);
		byte[] body = FHIR.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}
}

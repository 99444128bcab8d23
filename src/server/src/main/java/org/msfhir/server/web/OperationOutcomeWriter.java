package org.msfhir.server.web;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Writes an OperationOutcome for errors that happen before a request reaches HAPI (servlet filters,
 * the container's error page), so every error a client sees has the same FHIR shape.
 */
public final class OperationOutcomeWriter {

	public static final String CONTENT_TYPE = "application/fhir+json;charset=UTF-8";
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomeWriter() {}

	public static void write(HttpServletResponse response, int status, IssueType type, String diagnostics)
			throws IOException {
		byte[] body = encode(type, diagnostics);
		response.setStatus(status);
		response.setContentType(CONTENT_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** The OperationOutcome as JSON bytes: one error issue with the given type and diagnostics. */
	public static byte[] encode(IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(diagnostics);
		return FHIR.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
	}

	/** The issue type that best describes an HTTP error status. */
	public static IssueType issueTypeFor(int status) {
		return switch (status) {
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 405, 406, 415 -> IssueType.NOTSUPPORTED;
			case 409, 412 -> IssueType.CONFLICT;
			case 413 -> IssueType.TOOCOSTLY;
			default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
		};
	}
}

package org.msfhir.common;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Builds and writes the OperationOutcomes the server answers with, so that every refusal and error has
 * the same shape: one issue per problem with severity, type and the reason as {@code diagnostics}.
 * {@link #write} serves errors raised before a request reaches HAPI (servlet filters, security entry
 * points, the container's error page).
 */
public final class OperationOutcomes {

	public static final String CONTENT_TYPE = "application/fhir+json;charset=UTF-8";
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomes() {}

	/** An OperationOutcome with one issue. */
	public static OperationOutcome of(IssueSeverity severity, IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		addIssue(outcome, severity, type, diagnostics);
		return outcome;
	}

	/** An OperationOutcome with one error issue. */
	public static OperationOutcome error(IssueType type, String diagnostics) {
		return of(IssueSeverity.ERROR, type, diagnostics);
	}

	/** Adds an issue and returns it, for callers that add details, expression or location. */
	public static OperationOutcome.OperationOutcomeIssueComponent addIssue(
			OperationOutcome outcome, IssueSeverity severity, IssueType type, String diagnostics) {
		return outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
	}

	/** The OperationOutcome as compact JSON bytes. */
	public static byte[] toJson(OperationOutcome outcome) {
		return FHIR.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
	}

	/** One error issue with the given type and diagnostics, as JSON bytes. */
	public static byte[] errorJson(IssueType type, String diagnostics) {
		return toJson(error(type, diagnostics));
	}

	/** Writes the outcome as the whole response, with the status given. */
	public static void write(HttpServletResponse response, int status, OperationOutcome outcome) throws IOException {
		byte[] body = toJson(outcome);
		response.setStatus(status);
		response.setContentType(CONTENT_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** Writes one error issue as the whole response, with the status given. */
	public static void writeError(HttpServletResponse response, int status, IssueType type, String diagnostics)
			throws IOException {
		write(response, status, error(type, diagnostics));
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

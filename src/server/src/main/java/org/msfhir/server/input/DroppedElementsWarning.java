package org.msfhir.server.input;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * In lenient mode ({@code hapi.fhir.parser.unknown-elements: WARN}), tells the client which elements
 * of its request were dropped: one {@value #HEADER} response header per element (the header that
 * also carries validation warnings) and a warning issue in the response OperationOutcome when the
 * client asked for one ({@code Prefer: return=OperationOutcome}).
 */
@Interceptor
public class DroppedElementsWarning {

	public static final String HEADER = "X-FHIR-Request-Validation";
	private static final int MAX_HEADERS = 20;

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoing(IBaseResource response, HttpServletResponse servletResponse) {
		List<String> dropped = RequestParsing.droppedElements();
		if (dropped.isEmpty()) {
			return true;
		}
		if (servletResponse != null) {
			dropped.stream().limit(MAX_HEADERS).forEach(path -> servletResponse.addHeader(HEADER, "warning " + headerSafe(path)
					+ ": unknown element dropped"));
		}
		if (response instanceof OperationOutcome outcome) {
			dropped.forEach(path -> outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.WARNING)
					.setCode(OperationOutcome.IssueType.STRUCTURE)
					.setDiagnostics("Unknown element '" + path + "' was dropped: FHIR R4 does not define it")
					.addExpression(path));
		}
		return true;
	}

	private static String headerSafe(String text) {
		String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
		return cleaned.length() > 500 ? cleaned.substring(0, 500) : cleaned;
	}
}

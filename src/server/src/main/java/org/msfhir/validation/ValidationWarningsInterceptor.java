package org.msfhir.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Returns the warnings of an accepted MS write to the client: one {@value #HEADER} response header
 * per warning (the header HAPI's own request validation uses), and as issues of the response
 * OperationOutcome when the client asked for one ({@code Prefer: return=OperationOutcome}).
 */
@Interceptor
public class ValidationWarningsInterceptor {

	public static final String HEADER = "X-FHIR-Request-Validation";
	private static final int MAX_HEADERS = 20;
	private static final int MAX_HEADER_LENGTH = 1000;

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoing(RequestDetails request, IBaseResource response, HttpServletResponse servletResponse) {
		Object stored = request.getUserData().get(MsWriteValidationInterceptor.WARNINGS_KEY);
		if (!(stored instanceof List<?> list) || list.isEmpty()) {
			return true;
		}
		List<SingleValidationMessage> warnings = MsWriteValidationInterceptor.warnings(request);
		if (servletResponse != null) {
			warnings.stream().limit(MAX_HEADERS).forEach(w -> servletResponse.addHeader(HEADER, headerValue(w)));
		}
		if (response instanceof OperationOutcome outcome) {
			warnings.forEach(w -> ValidationOutcomes.addIssue(outcome, w));
		}
		return true;
	}

	private static String headerValue(SingleValidationMessage warning) {
		String text = warning.getSeverity().getCode() + " " + warning.getLocationString() + ": " + warning.getMessage();
		// Header values must be single-line Latin-1.
		text = text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
		return text.length() > MAX_HEADER_LENGTH ? text.substring(0, MAX_HEADER_LENGTH) : text;
	}
}

package org.msfhir.server.input;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;

/**
 * A body HAPI's parser cannot read is the client's error (400), also where the parser fails with an
 * {@link IllegalArgumentException} instead of its own {@code DataFormatException} (for example an empty
 * {@code resourceType} inside a bundle entry), which HAPI would otherwise answer with 500.
 */
public class ParserFailureInterceptor {

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toBadRequest(Throwable exception) {
		for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof IllegalArgumentException && thrownByParser(t)) {
				String message = "The request body could not be parsed: " + t.getMessage();
				return new InvalidRequestException(message,
						OperationOutcomes.error(OperationOutcome.IssueType.STRUCTURE, message));
			}
		}
		return null;
	}

	static boolean thrownByParser(Throwable t) {
		for (StackTraceElement frame : t.getStackTrace()) {
			if (frame.getClassName().startsWith("ca.uhn.fhir.parser.")) {
				return true;
			}
		}
		return false;
	}
}

package org.msfhir.server.input;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;

/**
 * Input HAPI cannot read is the client's error (400), also where HAPI fails with a plain Java exception
 * instead of its own {@code DataFormatException}: its JSON parser on an empty {@code resourceType} or an
 * empty property name inside a bundle entry, its operation-parameter binding on a malformed integer
 * ({@code $lastn?max=2x}). HAPI would answer those with 500.
 */
public class ParserFailureInterceptor {

	/** Where HAPI turns request text into objects: the parsers and the parameter binding. */
	private static final String[] READING_INPUT = {"ca.uhn.fhir.parser.", "ca.uhn.fhir.rest.server.method."};

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toBadRequest(Throwable exception) {
		for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
			if ((t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException)
					&& thrownReadingInput(t)) {
				String message = "The request could not be read: " + t.getMessage();
				return new InvalidRequestException(message,
						OperationOutcomes.error(OperationOutcome.IssueType.STRUCTURE, message));
			}
		}
		return null;
	}

	static boolean thrownReadingInput(Throwable t) {
		for (StackTraceElement frame : t.getStackTrace()) {
			for (String prefix : READING_INPUT) {
				if (frame.getClassName().startsWith(prefix)) {
					return true;
				}
			}
		}
		return false;
	}
}

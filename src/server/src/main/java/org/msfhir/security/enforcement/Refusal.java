package org.msfhir.security.enforcement;

/**
 * Thrown inside the gate when a request must be refused; carries the message for the 403
 * OperationOutcome.
 */
final class Refusal extends RuntimeException {

	Refusal(String message) {
		super(message, null, false, false);
	}
}

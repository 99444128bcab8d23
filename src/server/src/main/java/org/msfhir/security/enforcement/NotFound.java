package org.msfhir.security.enforcement;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The answer for a resource the caller may not see: the same 404 the server gives for a resource
 * that does not exist, so that a refusal does not tell whether the id is in use.
 */
final class NotFound {

	private NotFound() {}

	static ResourceNotFoundException of(String type, String id) {
		// Same wording and code as the JPA server's "not known" answer for a missing id.
		String message = Msg.code(2001) + "Resource " + new IdType(type, id).getValue() + " is not known";
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics(message);
		return new ResourceNotFoundException(message, outcome);
	}
}

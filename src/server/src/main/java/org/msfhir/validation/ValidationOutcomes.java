package org.msfhir.validation;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.msfhir.common.OperationOutcomes;

/**
 * Turns validator messages into OperationOutcome issues a client can act on: the severity, the rule
 * in plain words ({@code diagnostics} and {@code details.text}) and the element as a FHIRPath
 * ({@code expression} and {@code location}).
 */
public final class ValidationOutcomes {

	private ValidationOutcomes() {}

	public static OperationOutcome toOutcome(List<SingleValidationMessage> messages) {
		OperationOutcome outcome = new OperationOutcome();
		messages.forEach(message -> addIssue(outcome, message));
		return outcome;
	}

	public static void addIssue(OperationOutcome outcome, SingleValidationMessage message) {
		OperationOutcome.OperationOutcomeIssueComponent issue = OperationOutcomes.addIssue(
				outcome, severity(message.getSeverity()), issueType(message), message.getMessage());
		issue.getDetails().setText(message.getMessage());
		if (message.getLocationString() != null) {
			issue.addExpression(message.getLocationString());
			issue.addLocation(message.getLocationString());
		}
	}

	public static boolean hasErrors(List<SingleValidationMessage> messages) {
		return messages.stream().anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR
				|| m.getSeverity() == ResultSeverityEnum.FATAL);
	}

	private static IssueSeverity severity(ResultSeverityEnum severity) {
		if (severity == null) {
			return IssueSeverity.ERROR;
		}
		return switch (severity) {
			case FATAL -> IssueSeverity.FATAL;
			case ERROR -> IssueSeverity.ERROR;
			case WARNING -> IssueSeverity.WARNING;
			case INFORMATION -> IssueSeverity.INFORMATION;
		};
	}

	private static IssueType issueType(SingleValidationMessage message) {
		String id = message.getMessageId() == null ? "" : message.getMessageId();
		String text = message.getMessage() == null ? "" : message.getMessage();
		if (text.startsWith("Constraint failed") || id.contains("INVARIANT") || id.contains("Invariant")) {
			return IssueType.INVARIANT;
		}
		if (id.contains("Minimum") || id.contains("Maximum")) {
			return IssueType.REQUIRED;
		}
		if (id.startsWith("Terminology") || id.contains("VALUESET") || id.contains("CODE")) {
			return IssueType.CODEINVALID;
		}
		return IssueType.PROCESSING;
	}
}

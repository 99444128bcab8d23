package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Validates every MS resource just before it is stored: creates, updates, patches (HAPI stores the
 * patched result as an update) and each entry of a transaction or batch. Runs inside the database
 * transaction, so an error rolls back the whole transaction. Errors refuse the write with 422 and an
 * OperationOutcome; warnings let it pass and are kept on the request for {@link ValidationWarningsInterceptor}.
 *
 * <p>Non-MS resources are not validated (a type check and a look at the codes decide that in
 * microseconds).
 */
@Interceptor
public class MsWriteValidationInterceptor {

	/** Key of the warnings list in {@link RequestDetails#getUserData()}. */
	public static final String WARNINGS_KEY = MsWriteValidationInterceptor.class.getName() + ".warnings";

	private final FhirContext fhirContext;
	private final MsResourceValidator validator;

	public MsWriteValidationInterceptor(FhirContext fhirContext, MsResourceValidator validator) {
		this.fhirContext = fhirContext;
		this.validator = validator;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		validateWrite(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		validateWrite(updated, request);
	}

	private void validateWrite(IBaseResource resource, RequestDetails request) {
		Set<String> profiles = validator.selector().profilesFor(resource);
		if (profiles.isEmpty()) {
			return;
		}
		ValidationResult result = validator.validate(resource, profiles);
		List<SingleValidationMessage> messages = result.getMessages();
		if (ValidationOutcomes.hasErrors(messages)) {
			OperationOutcome outcome = ValidationOutcomes.toOutcome(messages);
			String what = fhirContext.getResourceType(resource);
			// The message repeats the errors: a batch answers each entry with the message only.
			throw new UnprocessableEntityException(
					what + " does not conform to " + String.join(", ", profiles) + ": " + summary(messages), outcome);
		}
		if (!messages.isEmpty() && request != null) {
			warnings(request).addAll(messages);
		}
	}

	private static String summary(List<SingleValidationMessage> messages) {
		StringBuilder text = new StringBuilder();
		for (SingleValidationMessage message : messages) {
			if (ValidationOutcomes.hasErrors(List.of(message))) {
				if (!text.isEmpty()) {
					text.append("; ");
				}
				text.append(message.getLocationString()).append(": ").append(message.getMessage());
			}
		}
		return text.toString();
	}

	@SuppressWarnings("unchecked")
	static List<SingleValidationMessage> warnings(RequestDetails request) {
		return (List<SingleValidationMessage>)
				request.getUserData().computeIfAbsent(WARNINGS_KEY, key -> new ArrayList<SingleValidationMessage>());
	}
}

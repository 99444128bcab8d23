package org.msfhir.validation;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The instance validator behind HAPI's {@code $validate} (type and instance level): MS resources, and
 * any resource validated against an MS profile ({@code profile} parameter), go through the same
 * {@link MsResourceValidator} as writes, so {@code $validate} answers with exactly the issues a write
 * would get. Everything else goes to HAPI's own validator unchanged.
 */
public class MsValidateOperationValidator implements IInstanceValidatorModule {

	private final IInstanceValidatorModule hapiValidator;
	private final Supplier<MsResourceValidator> msValidator;

	public MsValidateOperationValidator(IInstanceValidatorModule hapiValidator, Supplier<MsResourceValidator> msValidator) {
		this.hapiValidator = hapiValidator;
		this.msValidator = msValidator;
	}

	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		IBaseResource resource = context.getResource();
		Set<String> requested = context.getOptions().getProfiles();
		boolean onlyMsProfilesRequested = requested.stream().allMatch(MsProfiles::isMsProfile);
		if (resource == null || !onlyMsProfilesRequested) {
			hapiValidator.validateResource(context);
			return;
		}
		MsResourceValidator validator = msValidator.get();
		Set<String> profiles = new LinkedHashSet<>(requested);
		profiles.addAll(validator.selector().profilesFor(resource));
		if (profiles.isEmpty()) {
			hapiValidator.validateResource(context);
			return;
		}
		for (SingleValidationMessage message : validator.validate(resource, profiles).getMessages()) {
			context.addValidationMessage(message);
		}
	}
}

package org.msfhir.overrides;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * HAPI's own {@link FhirInstanceValidator} with the settings of {@link ReusableInstanceValidator}: what
 * the MS validator uses when {@code msfhir.validation.pooled-engines} is off. HAPI builds a new
 * validator engine for every resource, which costs more than the validation itself.
 */
final class HapiValidatorEngine implements ValidatorEngine {

	private final IValidationSupport chain;
	private final FhirValidator validator;

	HapiValidatorEngine(IValidationSupport chain) {
		this.chain = chain;
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setAssumeValidRestReferences(true);
		module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		module.setAnyExtensionsAllowed(true);
		module.setNoTerminologyChecks(false);
		module.setErrorForUnknownProfiles(true);
		module.setNoExtensibleWarnings(true);
		module.setNoBindingMsgSuppressed(false);
		module.setAllowExamples(true);
		this.validator = chain.getFhirContext().newValidator().setValidateAgainstStandardSchema(false)
				.setValidateAgainstStandardSchematron(false).registerValidatorModule(module);
	}

	@Override
	public List<SingleValidationMessage> validate(String json, Collection<String> profileUrls) {
		ValidationOptions options = new ValidationOptions();
		for (String url : profileUrls) {
			if (chain.fetchResource(StructureDefinition.class, url) == null) {
				SingleValidationMessage unknown = new SingleValidationMessage();
				unknown.setSeverity(ResultSeverityEnum.ERROR);
				unknown.setMessage("Profile " + url + " is not known to this server");
				unknown.setMessageId("MS_PROFILE_UNKNOWN");
				return List.of(unknown);
			}
			options.addProfile(url);
		}
		return validator.validateWithResult(json, options).getMessages();
	}

	@Override
	public int codingsHeldByIdleEngines() {
		return 0; // no engine outlives its validation
	}
}

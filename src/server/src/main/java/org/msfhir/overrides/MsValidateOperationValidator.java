package org.msfhir.overrides;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.msfhir.guide.MsTerminology;

/**
 * The instance validator behind HAPI's {@code $validate} (type and instance level): MS resources, and
 * any resource validated against an MS profile ({@code profile} parameter), go through the same MS
 * validator as writes ({@link MsValidation}, given by the validation feature), so {@code $validate}
 * answers with exactly the issues a write would get. Everything else goes to HAPI's own validator
 * unchanged.
 */
public class MsValidateOperationValidator implements IInstanceValidatorModule {

	/** What {@code $validate} needs of the MS validator; an interface so that this seam does not depend on it. */
	public interface MsValidation {

		/** The MS profiles a resource falls under by its content (empty if none). */
		Set<String> profilesFor(IBaseResource resource);

		ValidationResult validate(IBaseResource resource, Collection<String> profiles);
	}

	private final IInstanceValidatorModule hapiValidator;
	private final Supplier<? extends MsValidation> msValidator;

	public MsValidateOperationValidator(IInstanceValidatorModule hapiValidator, Supplier<? extends MsValidation> msValidator) {
		this.hapiValidator = hapiValidator;
		this.msValidator = msValidator;
	}

	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		Set<String> requested = new LinkedHashSet<>();
		context.getOptions().getProfiles().forEach(p -> requested.add(unwrap(p)));
		boolean onlyMsProfilesRequested = requested.stream()
				.allMatch(profile -> profile != null && profile.startsWith(MsTerminology.PROFILE_BASE));
		IBaseResource resource = onlyMsProfilesRequested ? resourceOf(context) : null;
		if (resource == null) {
			hapiValidator.validateResource(context);
			return;
		}
		MsValidation validator = msValidator.get();
		Set<String> profiles = new LinkedHashSet<>(requested);
		profiles.addAll(validator.profilesFor(resource));
		if (profiles.isEmpty()) {
			hapiValidator.validateResource(context);
			return;
		}
		for (SingleValidationMessage message : validator.validate(resource, profiles).getMessages()) {
			context.addValidationMessage(message);
		}
	}

	/**
	 * HAPI 8.8 passes the {@code profile} parameter of {@code $validate} as the text of its datatype,
	 * {@code UriType[http://...]}; take the URL out of it.
	 */
	static String unwrap(String profile) {
		if (profile != null && profile.endsWith("]")) {
			int open = profile.indexOf("Type[");
			if (open > 0) {
				return profile.substring(open + "Type[".length(), profile.length() - 1);
			}
		}
		return profile;
	}

	/**
	 * The resource to validate. HAPI hands {@code $validate} the raw request body, which may be the
	 * resource itself or a Parameters resource carrying it in the {@code resource} parameter.
	 */
	private static IBaseResource resourceOf(IValidationContext<IBaseResource> context) {
		String raw = context.getResourceAsString();
		IBaseResource resource;
		if (raw != null && !raw.isBlank()) {
			IParser parser = context.getResourceAsStringEncoding() == EncodingEnum.XML
					? context.getFhirContext().newXmlParser()
					: context.getFhirContext().newJsonParser();
			try {
				resource = parser.parseResource(raw);
			} catch (DataFormatException e) {
				return null; // HAPI's validator reports unparseable input
			}
		} else {
			resource = context.getResource();
		}
		if (resource instanceof Parameters parameters) {
			Parameters.ParametersParameterComponent inner = parameters.getParameter("resource");
			return inner == null ? null : inner.getResource();
		}
		return resource;
	}
}

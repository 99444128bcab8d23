package org.msfhir.overrides;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.Collection;
import java.util.List;

/**
 * The FHIR validator engine behind the MS validator: {@link ReusableInstanceValidator} (pooled engines,
 * the default) or {@link HapiValidatorEngine} (HAPI's {@code FhirInstanceValidator}), switched by
 * {@code msfhir.validation.pooled-engines}.
 */
public interface ValidatorEngine {

	/**
	 * Validates a resource (as JSON) against the given profiles in addition to the ones it claims; a
	 * profile the validation support does not know is one error ({@code MS_PROFILE_UNKNOWN}).
	 */
	List<SingleValidationMessage> validate(String json, Collection<String> profileUrls);

	/** How many codings idle engines still hold from earlier validations (for tests); -1 if unknown. */
	int codingsHeldByIdleEngines();

	/** Builds an engine over a validation support chain. */
	@FunctionalInterface
	interface Factory {

		/** Pooled engines, as many as there are processors (at least two). */
		Factory POOLED =
				chain -> new ReusableInstanceValidator(chain, Math.max(2, Runtime.getRuntime().availableProcessors()));

		/** HAPI's validator, a new engine per validation. */
		Factory HAPI = HapiValidatorEngine::new;

		ValidatorEngine create(IValidationSupport chain);
	}
}

package org.msfhir.validation;

import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the guide's examples at startup: the first validation of each profile pays for building
 * the validator's internal structures and for terminology expansions; after this, requests do not.
 * Logs the warm time per resource, and any example that does not pass (a broken guide).
 */
class ValidatorWarmUp {

	private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);

	private final MsResourceValidator validator;

	ValidatorWarmUp(MsResourceValidator validator) {
		this.validator = validator;
	}

	void run(List<IBaseResource> examples) {
		long start = System.nanoTime();
		int validated = 0;
		for (IBaseResource example : examples) {
			Set<String> profiles = validator.selector().profilesFor(example);
			if (profiles.isEmpty()) {
				continue;
			}
			ValidationResult result = validator.validate(example, profiles);
			if (ValidationOutcomes.hasErrors(result.getMessages())) {
				log.warn("Guide example {} does not pass its profiles: {}",
						example.getIdElement().getIdPart(), result.getMessages());
			}
			validated++;
		}
		long firstPass = System.nanoTime() - start;
		long second = System.nanoTime();
		for (IBaseResource example : examples) {
			Set<String> profiles = validator.selector().profilesFor(example);
			if (!profiles.isEmpty()) {
				validator.validate(example, profiles);
			}
		}
		long warm = System.nanoTime() - second;
		log.info("MS validator warmed up with {} examples in {} ms; warm validation {} ms per resource",
				validated, firstPass / 1_000_000, validated == 0 ? 0 : String.format("%.1f", warm / 1e6 / validated));
	}
}

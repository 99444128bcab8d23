package org.msfhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The full validator as the oracle of a fast path, shared by the fast-path tests: whatever a fast
 * path accepts, the full validator must pass without a single error or warning.
 */
final class FastPathOracle {

	private final MsResourceValidator validator;
	private final FhirContext fhir;

	private FastPathOracle(MsResourceValidator validator, FhirContext fhir) {
		this.validator = validator;
		this.fhir = fhir;
	}

	/** An oracle over the guide's sources: its validator's fast paths are off, so {@code validate} runs the full validator. */
	static FastPathOracle fromSources(FhirContext fhir) {
		MsResourceValidator validator = MsRuleCases.validatorFromSources(fhir);
		validator.setFastPathEnabled(false); // the fast paths are asked directly
		return new FastPathOracle(validator, fhir);
	}

	/** Asserts that a fast-path acceptance is backed by a clean full validation; returns the acceptance. */
	boolean agrees(IBaseResource resource, String what) {
		Set<String> profiles = validator.selector().profilesFor(resource);
		if (profiles.isEmpty() || !validator.acceptedByFastPath(resource, profiles)) {
			return false;
		}
		List<SingleValidationMessage> full = validator.validate(resource, profiles).getMessages();
		assertThat(full).as("fast path accepted, full validator found issues in %s", what).isEmpty();
		return true;
	}

	/**
	 * Runs the resources {@code pick} selects from generated patients (seed 7, the first
	 * {@code patients}) through {@link #agrees} and asserts that there are more than {@code atLeast}
	 * and that at least 95 % of them take the fast path.
	 */
	void checkGenerated(int patients, Predicate<Resource> pick, int atLeast, String kind) {
		int seen = 0;
		int accepted = 0;
		CohortGenerator generator = new CohortGenerator(7);
		for (int p = 0; p < patients; p++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(p).getEntry()) {
				if (pick.test(entry.getResource())) {
					seen++;
					String json = fhir.newJsonParser().encodeResourceToString(entry.getResource());
					if (agrees(fhir.newJsonParser().parseResource(json), "generated " + json)) {
						accepted++;
					}
				}
			}
		}
		assertThat(seen).isGreaterThan(atLeast);
		assertThat(accepted).as("%s taking the fast path", kind).isGreaterThanOrEqualTo(seen * 95 / 100);
	}

	/**
	 * Checks every variant of every base ({@link JsonVariants#variantsOf}) and asserts that there are
	 * over 3,000 readable ones and that both outcomes occur in numbers (or the variants test nothing).
	 */
	void checkVariants(List<ObjectNode> bases, List<String> numbers, Map<String, List<String>> strings,
			List<String> anyText, List<String[]> additions, String kind) {
		int variants = 0;
		int accepted = 0;
		for (ObjectNode base : bases) {
			for (ObjectNode variant : JsonVariants.variantsOf(base, numbers, strings, anyText, additions)) {
				IBaseResource resource;
				try {
					resource = fhir.newJsonParser().parseResource(variant.toString());
				} catch (DataFormatException | ClassCastException | IllegalArgumentException unreadable) {
					continue; // the server answers 400 before validation
				}
				variants++;
				if (agrees(resource, variant.toString())) {
					accepted++;
				}
			}
		}
		System.out.printf("%d %s variants, %d accepted by the fast path%n", variants, kind, accepted);
		assertThat(variants).isGreaterThan(3000);
		assertThat(accepted).isBetween(variants / 20, variants - variants / 20);
	}
}

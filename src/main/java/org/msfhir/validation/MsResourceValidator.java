package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates resources against the MS profiles, fast: the validator, its validation support chain and
 * the profiles' snapshots are built once; the chain holds everything in memory (FHIR core definitions,
 * the guide's profiles and terminology) and caches its answers, so a validation makes no database or
 * network call. Thread-safe.
 */
public class MsResourceValidator {

	private static final Logger log = LoggerFactory.getLogger(MsResourceValidator.class);

	private final FhirContext fhirContext;
	private final ValidationSupportChain chain;
	private final ReusableInstanceValidator engine;
	private final MsProfileSelector selector;

	private MsResourceValidator(FhirContext fhirContext, ValidationSupportChain chain) {
		this.fhirContext = fhirContext;
		this.chain = chain;
		this.engine = new ReusableInstanceValidator(chain);
		this.selector = new MsProfileSelector(
				codesOf(MsProfiles.DIAGNOSES_VALUE_SET), codesOf(MsProfiles.MEDICINES_VALUE_SET));
	}

	/**
	 * Builds the validator for a guide.
	 *
	 * @param coreDefinitions the FHIR R4 core definitions (HAPI's DefaultProfileValidationSupport)
	 */
	public static MsResourceValidator create(
			FhirContext fhirContext, IValidationSupport coreDefinitions, MsGuideResources guide) {
		long start = System.nanoTime();
		PrePopulatedValidationSupport guideSupport = new PrePopulatedValidationSupport(fhirContext);
		guide.conformance().forEach(guideSupport::addResource);
		UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(
				ValidationSupportChain.CacheConfiguration.defaultValues()
						.setCacheTimeout(java.time.Duration.ofDays(365))
						.setCacheSize(20_000),
				guideSupport,
				coreDefinitions,
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownSystems);
		int snapshots = generateSnapshots(chain, guideSupport, guide);
		chain.invalidateCaches();
		MsResourceValidator validator = new MsResourceValidator(fhirContext, chain);
		log.info("MS validator ready: {} conformance resources, {} snapshots generated in {} ms",
				guide.conformance().size(), snapshots, (System.nanoTime() - start) / 1_000_000);
		return validator;
	}

	/** Snapshots once, at startup, extensions before the profiles that use them. */
	private static int generateSnapshots(
			ValidationSupportChain chain, PrePopulatedValidationSupport guideSupport, MsGuideResources guide) {
		List<StructureDefinition> definitions = new ArrayList<>();
		for (IBaseResource resource : guide.conformance()) {
			if (resource instanceof StructureDefinition sd && !sd.hasSnapshot()) {
				definitions.add(sd);
			}
		}
		definitions.sort(Comparator.comparing((StructureDefinition sd) -> !"Extension".equals(sd.getType())));
		ValidationSupportContext context = new ValidationSupportContext(chain);
		for (StructureDefinition sd : definitions) {
			IBaseResource withSnapshot =
					chain.generateSnapshot(context, sd, sd.getUrl(), MsProfiles.CANONICAL_BASE, sd.getName());
			if (withSnapshot == null) {
				throw new IllegalStateException("cannot generate the snapshot of " + sd.getUrl());
			}
			guideSupport.addStructureDefinition(withSnapshot);
			chain.invalidateCaches();
		}
		return definitions.size();
	}

	/** {@code system|code} of every code in a value set of the guide (expanded in memory). */
	private Set<String> codesOf(String valueSetUrl) {
		Set<String> codes = new HashSet<>();
		IValidationSupport.ValueSetExpansionOutcome outcome = chain.expandValueSet(
				new ValidationSupportContext(chain), new ValueSetExpansionOptions().setCount(10_000), valueSetUrl);
		if (outcome == null || !(outcome.getValueSet() instanceof ValueSet expansion)) {
			log.warn("ValueSet {} is not in the guide or cannot be expanded: resources are not recognised by its codes ({})",
					valueSetUrl, outcome == null ? "not found" : outcome.getError());
			return codes;
		}
		collect(expansion.getExpansion().getContains(), codes);
		return codes;
	}

	private static void collect(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> codes) {
		for (ValueSet.ValueSetExpansionContainsComponent item : contains) {
			if (item.hasCode()) {
				codes.add(MsProfileSelector.key(item.getSystem(), item.getCode()));
			}
			collect(item.getContains(), codes);
		}
	}

	/** Which MS profiles apply to a resource (claimed or by defining code). */
	public MsProfileSelector selector() {
		return selector;
	}

	/**
	 * Validates a resource against the given MS profiles and the MS profiles it claims. Claims of other
	 * profiles are ignored here (this validator knows only the MS guide and FHIR core).
	 *
	 * @return the errors and warnings (information messages are dropped)
	 */
	public ValidationResult validate(IBaseResource resource, Collection<String> profiles) {
		List<String> extraProfiles = new ArrayList<>();
		List<CanonicalType> hiddenClaims = new ArrayList<>();
		Resource r = (Resource) resource;
		Set<String> claimed = new HashSet<>();
		for (CanonicalType claim : List.copyOf(r.getMeta().getProfile())) {
			if (MsProfiles.isMsProfile(claim.getValue())) {
				claimed.add(MsProfiles.withoutVersion(claim.getValue()));
			} else {
				hiddenClaims.add(claim);
				r.getMeta().getProfile().remove(claim);
			}
		}
		for (String profile : profiles) {
			if (!claimed.contains(MsProfiles.withoutVersion(profile))) {
				extraProfiles.add(profile);
			}
		}
		String json;
		try {
			json = fhirContext.newJsonParser().encodeResourceToString(resource);
		} finally {
			r.getMeta().getProfile().addAll(hiddenClaims);
		}
		List<SingleValidationMessage> relevant = new ArrayList<>();
		for (SingleValidationMessage message : engine.validate(json, extraProfiles)) {
			if (message.getSeverity() != null && message.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal()) {
				relevant.add(message);
			}
		}
		return new ValidationResult(fhirContext, relevant);
	}

	/** Validates a code against a value set of the chain (used by tests and diagnostics). */
	public boolean isCodeInValueSet(String system, String code, String valueSetUrl) {
		IValidationSupport.CodeValidationResult result = chain.validateCode(
				new ValidationSupportContext(chain), new ConceptValidationOptions(), system, code, null, valueSetUrl);
		return result != null && result.isOk();
	}
}

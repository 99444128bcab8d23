package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;
import org.msfhir.common.ValueSetCodes;
import org.msfhir.overrides.MsValidateOperationValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.msfhir.overrides.ValidatorEngine;

/**
 * Validates resources against the MS profiles, fast: the validator, its validation support chain and
 * the profiles' snapshots are built once; the chain holds everything in memory (FHIR core definitions,
 * the guide's profiles and terminology) and caches its answers, so a validation makes no database or
 * network call. Thread-safe.
 */
public class MsResourceValidator implements MsValidateOperationValidator.MsValidation {

	private static final Logger log = LoggerFactory.getLogger(MsResourceValidator.class);

	private final FhirContext fhirContext;
	private final ValidationSupportChain chain;
	private final ValidatorEngine engine;
	private final MsProfileSelector selector;
	private final Map<String, List<String>> profilesByType;
	private final MeasureFastPath fastPath;
	private final ConditionFastPath conditionFastPath;
	private final TreatmentFastPath treatmentFastPath;
	private volatile boolean fastPathEnabled = true;
	private final LongAdder fastPathValidations = new LongAdder();
	private final LongAdder fullValidations = new LongAdder();

	private MsResourceValidator(
			FhirContext fhirContext, ValidationSupportChain chain, MsGuideResources guide, ValidatorEngine.Factory engines) {
		this.fhirContext = fhirContext;
		this.chain = chain;
		this.engine = engines.create(chain);
		this.selector = new MsProfileSelector(
				codesOf(MsProfiles.DIAGNOSES_VALUE_SET), codesOf(MsProfiles.MEDICINES_VALUE_SET));
		Map<String, List<String>> byType = new TreeMap<>();
		for (IBaseResource resource : guide.conformance()) {
			if (resource instanceof org.hl7.fhir.r4.model.StructureDefinition sd
					&& sd.getKind() == org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.RESOURCE
					&& MsProfiles.isMsProfile(sd.getUrl())) {
				byType.computeIfAbsent(sd.getType(), t -> new ArrayList<>()).add(sd.getUrl());
			}
		}
		this.profilesByType = Map.copyOf(byType);
		Map<String, MeasureShape> shapes = MeasureShape.all(codesOf(MeasureShape.PAIN_TYPES));
		this.fastPath = new MeasureFastPath(shapes, displaysOf(shapes.values()));
		Map<String, Set<String>> valueSets = new HashMap<>();
		Stream.concat(ConditionFastPath.valueSets().stream(), TreatmentFastPath.valueSets().stream())
				.forEach(url -> valueSets.computeIfAbsent(url, this::codesOf));
		// the codes whose codings may carry a display: the code system's
		Set<String> displayed = new LinkedHashSet<>(valueSets.get(MsProfiles.DIAGNOSES_VALUE_SET));
		displayed.add(MsProfiles.SNOMED + "|" + MsProfiles.RELAPSE_CODE);
		displayed.add(ConditionFastPath.ICD10 + "|G35");
		displayed.addAll(valueSets.get(TreatmentFastPath.MEDICINES));
		displayed.addAll(valueSets.get(TreatmentFastPath.CARE_ACTIVITIES));
		Map<String, String> displays = displaysOf(displayed);
		this.conditionFastPath = new ConditionFastPath(valueSets, displays);
		this.treatmentFastPath = new TreatmentFastPath(valueSets, displays);
	}

	/** The code systems' displays of the measures' codings (a coding may carry only this display). */
	private Map<String, String> displaysOf(Collection<MeasureShape> shapes) {
		Set<String> keys = new LinkedHashSet<>();
		for (MeasureShape shape : shapes) {
			keys.addAll(shape.extraCodings());
			keys.add(shape.codeSystem() + "|" + shape.code());
		}
		return displaysOf(keys);
	}

	/** The code systems' displays of the given codes ({@code system|code}) that have one. */
	private Map<String, String> displaysOf(Set<String> keys) {
		Map<String, String> displays = new HashMap<>();
		for (String key : keys) {
			int bar = key.indexOf('|');
			IValidationSupport.LookupCodeResult found = chain.lookupCode(new ValidationSupportContext(chain),
					new LookupCodeRequest(key.substring(0, bar), key.substring(bar + 1)));
			if (found != null && found.isFound() && found.getCodeDisplay() != null) {
				displays.put(key, found.getCodeDisplay());
			}
		}
		return displays;
	}

	/**
	 * Turns the fast paths for plain MS measures, diagnoses, relapses, medication statements and care
	 * plans on or off ({@code msfhir.validation.fast-path}; on by
	 * default). Off, every resource goes through the full validator: same verdicts, slower.
	 */
	public void setFastPathEnabled(boolean enabled) {
		this.fastPathEnabled = enabled;
	}

	/**
	 * Builds the validator for a guide.
	 *
	 * @param coreDefinitions the FHIR R4 core definitions (HAPI's DefaultProfileValidationSupport)
	 */
	public static MsResourceValidator create(
			FhirContext fhirContext, IValidationSupport coreDefinitions, MsGuideResources guide) {
		return create(fhirContext, coreDefinitions, guide, ValidatorEngine.Factory.POOLED);
	}

	/**
	 * Builds the validator for a guide, on the given validator engines.
	 *
	 * @param coreDefinitions the FHIR R4 core definitions (HAPI's DefaultProfileValidationSupport)
	 * @param engines the FHIR validator engines (org.msfhir.overrides, {@code msfhir.validation.pooled-engines})
	 */
	public static MsResourceValidator create(
			FhirContext fhirContext,
			IValidationSupport coreDefinitions,
			MsGuideResources guide,
			ValidatorEngine.Factory engines) {
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
		// Snapshots of the guide's differential-only profiles are generated by the validator's worker
		// context the first time a profile is used (during the warm-up), once, and kept there. Generating
		// them here through the chain would convert all core definitions to R5 again for each profile.
		MsResourceValidator validator = new MsResourceValidator(fhirContext, chain, guide, engines);
		log.info("MS validator ready: {} conformance resources in {} ms",
				guide.conformance().size(), (System.nanoTime() - start) / 1_000_000);
		return validator;
	}

	/** {@code system|code} of every code in a value set of the guide (expanded in memory). */
	private Set<String> codesOf(String valueSetUrl) {
		Set<String> codes = ValueSetCodes.expand(chain, valueSetUrl);
		if (codes == null) {
			log.warn("ValueSet {} is not in the guide or cannot be expanded: resources are not recognised by its codes ({})",
					valueSetUrl, ValueSetCodes.expansionError(chain, valueSetUrl));
			return new HashSet<>();
		}
		return codes;
	}

	/** The guide's profiles by resource type ({@code Observation} -> its MS profile URLs). */
	public Map<String, List<String>> profilesByType() {
		return profilesByType;
	}

	/** Which MS profiles apply to a resource (claimed or by defining code). */
	public MsProfileSelector selector() {
		return selector;
	}

	@Override
	public Set<String> profilesFor(IBaseResource resource) {
		return selector.profilesFor(resource);
	}

	/**
	 * Validates a resource against the given MS profiles and the MS profiles it claims. Claims of other
	 * profiles are ignored here (this validator knows only the MS guide and FHIR core).
	 *
	 * <p>Every MS profile is handed to the engine explicitly and the resource's own claims are hidden
	 * from it while it runs: for a claimed profile the engine otherwise walks the resource twice, once
	 * against the base type and once against the profile, whose snapshot already contains every base
	 * rule. Same verdicts (every rule case in {@code MsRuleCases} passes either way), ~27 % less time.
	 *
	 * @return the errors and warnings (information messages are dropped)
	 */
	public ValidationResult validate(IBaseResource resource, Collection<String> profiles) {
		Resource r = (Resource) resource;
		List<CanonicalType> claims = List.copyOf(r.getMeta().getProfile());
		Set<String> toCheck = profilesToCheck(r, profiles);
		if (fastPathEnabled && certainlyClean(resource, toCheck)) {
			fastPathValidations.increment();
			return new ValidationResult(fhirContext, List.of());
		}
		fullValidations.increment();
		if (log.isDebugEnabled()) {
			log.debug("full validation against {}: {}", toCheck, fhirContext.newJsonParser().encodeResourceToString(resource));
		}
		String json;
		r.getMeta().getProfile().clear();
		try {
			json = fhirContext.newJsonParser().encodeResourceToString(resource);
		} finally {
			r.getMeta().getProfile().addAll(claims);
		}
		List<SingleValidationMessage> relevant = new ArrayList<>();
		for (SingleValidationMessage message : engine.validate(json, toCheck)) {
			if (message.getSeverity() != null && message.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal()) {
				relevant.add(message);
			}
		}
		return new ValidationResult(fhirContext, relevant);
	}

	/** The given MS profiles and the MS profiles the resource claims (without versions). */
	private static Set<String> profilesToCheck(Resource resource, Collection<String> profiles) {
		Set<String> toCheck = new LinkedHashSet<>(profiles);
		for (CanonicalType claim : resource.getMeta().getProfile()) {
			if (MsProfiles.isMsProfile(claim.getValue())) {
				toCheck.add(MsProfiles.withoutVersion(claim.getValue()));
			}
		}
		return toCheck;
	}

	/** Resources accepted by the fast path since startup. */
	public long fastPathValidations() {
		return fastPathValidations.sum();
	}

	/** Resources that went through the full validator since startup. */
	public long fullValidations() {
		return fullValidations.sum();
	}

	/** Whether {@link #validate} would answer from the fast path (for tests comparing both paths). */
	boolean acceptedByFastPath(IBaseResource resource, Collection<String> profiles) {
		return certainlyClean(resource, profilesToCheck((Resource) resource, profiles));
	}

	private boolean certainlyClean(IBaseResource resource, Set<String> profiles) {
		return fastPath.certainlyClean(resource, profiles)
				|| conditionFastPath.certainlyClean(resource, profiles)
				|| treatmentFastPath.certainlyClean(resource, profiles);
	}

	/** How many codings idle validator engines hold from earlier validations (should stay 0). */
	/** The FHIR validator engine in use (for the wiring test of the overrides). */
	public ValidatorEngine engine() {
		return engine;
	}

	int codingsHeldByIdleEngines() {
		return engine.codingsHeldByIdleEngines();
	}

	/** Validates a code against a value set of the chain (used by tests and diagnostics). */
	public boolean isCodeInValueSet(String system, String code, String valueSetUrl) {
		IValidationSupport.CodeValidationResult result = chain.validateCode(
				new ValidationSupportContext(chain), new ConceptValidationOptions(), system, code, null, valueSetUrl);
		return result != null && result.isOk();
	}
}

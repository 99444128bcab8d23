package org.msfhir.validation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Observation;
import org.msfhir.guide.MsTerminology;

/**
 * The plain form of one MS measure profile that {@link MeasureFastPath} can accept without running
 * the full validator: the defining coding, the value and the components, each with the profile's
 * ranges, and the profile's rules across elements. A resource in any other form (an extension, a
 * note, a dataAbsentReason, a display, another coding ...) is left to the full validator.
 *
 * <p>The numbers here repeat the profiles' invariants (profiles/input/fsh); MeasureFastPathTest checks
 * every boundary against the full validator, so a range changed on one side only fails the build.
 */
record MeasureShape(
		String profile,
		String codeSystem,
		String code,
		Set<String> extraCodings,
		Value value,
		boolean valueRequired,
		Map<String, Value> components,
		boolean performerRequired,
		Predicate<Observation> crossRules) {

	/** What a value (of the observation or of a component) may be. */
	sealed interface Value permits IntegerRange, UcumQuantity, Coded {}

	/** {@code valueInteger} from min to max. */
	record IntegerRange(int min, int max) implements Value {}

	/**
	 * {@code valueQuantity} in UCUM with the given code, a unit text that is absent or one of
	 * {@code units}, and a value that passes {@code range}; {@code textRule}, when set, must match the
	 * decimal as written.
	 */
	record UcumQuantity(String ucumCode, Set<String> units, Predicate<BigDecimal> range, String textRule)
			implements Value {}

	/**
	 * {@code valueCodeableConcept} with one coding (system and code only) from {@code codes}
	 * ({@code system|code}); such components may repeat, each with a different code.
	 */
	record Coded(Set<String> codes) implements Value {}

	static final String MSC = MsProfiles.MS_CONCEPTS;
	/** The ValueSet of pain types (required binding of the pain score's painType component). */
	static final String PAIN_TYPES = MsTerminology.VS_PAIN_TYPES;

	/**
	 * The measure shapes by profile URL.
	 *
	 * @param painTypes the codes ({@code system|code}) of the pain-types ValueSet
	 */
	static Map<String, MeasureShape> all(Set<String> painTypes) {
		return Map.of(
				MsProfiles.PAIN_SCORE, new MeasureShape(MsProfiles.PAIN_SCORE, MsProfiles.LOINC, MsTerminology.LOINC_PAIN, Set.of(),
						new IntegerRange(0, 10), true, Map.of(MSC + "|" + MsTerminology.MSC_PAIN_TYPE, new Coded(Set.copyOf(painTypes))), false,
						o -> true),
				MsProfiles.PENN_SPASM, new MeasureShape(MsProfiles.PENN_SPASM, MSC, MsTerminology.MSC_PENN_SPASM_FREQUENCY, Set.of(),
						new IntegerRange(0, 4), true, Map.of(MSC + "|" + MsTerminology.MSC_PENN_SPASM_SEVERITY, new IntegerRange(1, 3)), false,
						MeasureShape::pennSeverityOnlyWithSpasms),
				MsProfiles.MFIS, simple(MsProfiles.MFIS, MsTerminology.MSC_MFIS_TOTAL, 0, 84),
				MsProfiles.MFIS5, simple(MsProfiles.MFIS5, MsTerminology.MSC_MFIS5_TOTAL, 0, 20),
				MsProfiles.SDMT, simple(MsProfiles.SDMT, MsTerminology.MSC_SDMT, 0, 110),
				MsProfiles.T25FW, new MeasureShape(MsProfiles.T25FW, MSC, MsTerminology.MSC_T25FW, Set.of(),
						seconds(180), true, Map.of(), false, o -> true),
				MsProfiles.NINE_HPT, new MeasureShape(MsProfiles.NINE_HPT, MSC, MsTerminology.MSC_9HPT, Set.of(),
						seconds(300), false,
						Map.of(MSC + "|" + MsTerminology.MSC_9HPT_DOMINANT_HAND, seconds(300), MSC + "|" + MsTerminology.MSC_9HPT_NON_DOMINANT_HAND, seconds(300)),
						false, o -> !o.getComponent().isEmpty()),
				MsProfiles.EDSS, new MeasureShape(MsProfiles.EDSS, MSC, MsTerminology.MSC_EDSS, Set.of(MsProfiles.SNOMED + "|" + MsTerminology.SNOMED_EDSS),
						new UcumQuantity("{score}", Set.of("{score}", "score"), v -> true, "^(0([.]0+)?|[1-9]([.][05]0*)?|10([.]0+)?)$"), true,
						Map.of(
								MSC + "|" + MsTerminology.MSC_EDSS_FS_PYRAMIDAL, new IntegerRange(0, 6),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_CEREBELLAR, new IntegerRange(0, 5),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_BRAINSTEM, new IntegerRange(0, 5),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_SENSORY, new IntegerRange(0, 6),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_BOWEL_BLADDER, new IntegerRange(0, 6),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_VISUAL, new IntegerRange(0, 6),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_CEREBRAL, new IntegerRange(0, 5),
								MSC + "|" + MsTerminology.MSC_EDSS_FS_OTHER, new IntegerRange(0, 1),
								MSC + "|" + MsTerminology.MSC_EDSS_AMBULATION, new UcumQuantity("m", Set.of("m"), v -> v.signum() >= 0, null)),
						true, MeasureShape::edssZeroHasNormalGrades));
	}

	private static MeasureShape simple(String profile, String code, int min, int max) {
		return new MeasureShape(profile, MSC, code, Set.of(), new IntegerRange(min, max), true, Map.of(), false, o -> true);
	}

	private static UcumQuantity seconds(int max) {
		return new UcumQuantity("s", Set.of("s"), v -> v.signum() > 0 && v.compareTo(BigDecimal.valueOf(max)) <= 0, null);
	}

	/** ms-penn-no-severity-without-spasms. */
	private static boolean pennSeverityOnlyWithSpasms(Observation o) {
		return !(o.getValueIntegerType().getValue() == 0 && !o.getComponent().isEmpty());
	}

	/** ms-edss-plausible-zero is a warning: a total of 0 with a grade above 0 goes to the full validator. */
	private static boolean edssZeroHasNormalGrades(Observation o) {
		if (o.getValueQuantity().getValue().signum() != 0) {
			return true;
		}
		List<Observation.ObservationComponentComponent> components = o.getComponent();
		return components.stream()
				.filter(c -> c.getValue() instanceof org.hl7.fhir.r4.model.IntegerType)
				.allMatch(c -> c.getValueIntegerType().getValue() == 0);
	}
}

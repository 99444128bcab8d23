package org.msfhir.validation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Observation;

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
	static final String PAIN_TYPES = MsProfiles.VALUE_SET_BASE + "ms-pain-types";

	/**
	 * The measure shapes by profile URL.
	 *
	 * @param painTypes the codes ({@code system|code}) of the pain-types ValueSet
	 */
	static Map<String, MeasureShape> all(Set<String> painTypes) {
		return Map.of(
				MsProfiles.PAIN_SCORE, new MeasureShape(MsProfiles.PAIN_SCORE, MsProfiles.LOINC, "72514-3", Set.of(),
						new IntegerRange(0, 10), true, Map.of(MSC + "|pain-type", new Coded(Set.copyOf(painTypes))), false,
						o -> true),
				MsProfiles.PENN_SPASM, new MeasureShape(MsProfiles.PENN_SPASM, MSC, "penn-spasm-frequency", Set.of(),
						new IntegerRange(0, 4), true, Map.of(MSC + "|penn-spasm-severity", new IntegerRange(1, 3)), false,
						MeasureShape::pennSeverityOnlyWithSpasms),
				MsProfiles.MFIS, simple(MsProfiles.MFIS, "mfis-total", 0, 84),
				MsProfiles.MFIS5, simple(MsProfiles.MFIS5, "mfis5-total", 0, 20),
				MsProfiles.SDMT, simple(MsProfiles.SDMT, "sdmt", 0, 110),
				MsProfiles.T25FW, new MeasureShape(MsProfiles.T25FW, MSC, "t25fw", Set.of(),
						seconds(180), true, Map.of(), false, o -> true),
				MsProfiles.NINE_HPT, new MeasureShape(MsProfiles.NINE_HPT, MSC, "9hpt", Set.of(),
						seconds(300), false,
						Map.of(MSC + "|9hpt-dominant-hand", seconds(300), MSC + "|9hpt-non-dominant-hand", seconds(300)),
						false, o -> !o.getComponent().isEmpty()),
				MsProfiles.EDSS, new MeasureShape(MsProfiles.EDSS, MSC, "edss", Set.of(MsProfiles.SNOMED + "|273554001"),
						new UcumQuantity("{score}", Set.of("{score}", "score"), v -> true, "^(0([.]0+)?|[1-9]([.][05]0*)?|10([.]0+)?)$"), true,
						Map.of(
								MSC + "|edss-fs-pyramidal", new IntegerRange(0, 6),
								MSC + "|edss-fs-cerebellar", new IntegerRange(0, 5),
								MSC + "|edss-fs-brainstem", new IntegerRange(0, 5),
								MSC + "|edss-fs-sensory", new IntegerRange(0, 6),
								MSC + "|edss-fs-bowel-bladder", new IntegerRange(0, 6),
								MSC + "|edss-fs-visual", new IntegerRange(0, 6),
								MSC + "|edss-fs-cerebral", new IntegerRange(0, 5),
								MSC + "|edss-fs-other", new IntegerRange(0, 1),
								MSC + "|edss-ambulation", new UcumQuantity("m", Set.of("m"), v -> v.signum() >= 0, null)),
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

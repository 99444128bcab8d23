package org.msfhir.cohort;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Type;
import org.msfhir.analytics.LublinActivity;
import org.msfhir.analytics.LublinProgression;
import org.msfhir.guide.MsMedicines.Medicine;

/**
 * Reads {@code $ms-cohort} parameters into {@link CohortCriteria}. Every problem is a 400 whose
 * message names the parameter: unknown parameters, wrong value types, codes outside the MS code
 * lists, impossible ranges.
 */
public class CohortCriteriaParser {

	public static final String NAME = "name";
	public static final String EVALUATION_DATE = "evaluation-date";
	public static final String DIAGNOSIS = "diagnosis";
	public static final String DIAGNOSIS_DATE_FROM = "diagnosis-date-from";
	public static final String DIAGNOSIS_DATE_TO = "diagnosis-date-to";
	public static final String MEDICATION = "medication";
	public static final String MEDICATION_VALUESET = "medication-valueset";
	public static final String MEDICATION_STATUS = "medication-status";
	public static final String EDSS_MIN = "edss-min";
	public static final String EDSS_MAX = "edss-max";
	public static final String EDSS_AT_DATE = "edss-at-date";
	public static final String EDSS_AT_DATE_MIN = "edss-at-date-min";
	public static final String EDSS_AT_DATE_MAX = "edss-at-date-max";
	public static final String AGE_MIN = "age-min";
	public static final String AGE_MAX = "age-max";
	/** Evaluate only: answer with count and members, store nothing. */
	public static final String DRY_RUN = "dry-run";
	public static final String SEX = "sex";
	public static final String DISEASE_DURATION_MIN = "disease-duration-min";
	public static final String DISEASE_DURATION_MAX = "disease-duration-max";
	public static final String PERIOD_START = "period-start";
	public static final String PERIOD_END = "period-end";
	public static final String WORSENING = "worsening";
	public static final String WORSENING_MEASURE = "worsening-measure";
	public static final String NEDA3 = "neda3";
	public static final String LUBLIN_ACTIVITY = "lublin-activity";
	public static final String LUBLIN_PROGRESSION = "lublin-progression";
	/** A criteria group whose matching patients are left out (repeatable; criteria as parts). */
	public static final String EXCLUDE = "exclude";
	/** A criteria group of an OR (repeatable; criteria as parts): a member matches at least one. */
	public static final String ANY_OF = "any-of";

	static final Set<String> CRITERIA;
	/** Parameters that qualify a criterion of their group and are no criterion alone. */
	static final Set<String> MODIFIERS = Set.of(MEDICATION_STATUS, WORSENING_MEASURE, PERIOD_START, PERIOD_END);
	static final Set<String> GROUPS = Set.of(EXCLUDE, ANY_OF);
	/** Parameters of the request itself, not of a criteria group. */
	static final Set<String> REQUEST = Set.of(NAME, EVALUATION_DATE, DRY_RUN);
	private static final Set<String> REPEATABLE = Set.of(DIAGNOSIS, MEDICATION, SEX, EXCLUDE, ANY_OF);
	static final Set<String> SEXES = Set.of("male", "female", "other", "unknown");
	/** Every parameter name the operation accepts (top level and, except groups and request parameters, as parts). */
	public static final Set<String> KNOWN;

	static {
		Set<String> criteria = new LinkedHashSet<>(List.of(DIAGNOSIS, DIAGNOSIS_DATE_FROM, DIAGNOSIS_DATE_TO, MEDICATION,
				MEDICATION_VALUESET, EDSS_MIN, EDSS_MAX, EDSS_AT_DATE, EDSS_AT_DATE_MIN, EDSS_AT_DATE_MAX, AGE_MIN, AGE_MAX,
				SEX, DISEASE_DURATION_MIN, DISEASE_DURATION_MAX, WORSENING, NEDA3, LUBLIN_ACTIVITY, LUBLIN_PROGRESSION));
		for (AnalyticBound bound : AnalyticBound.values()) {
			criteria.add(bound.minParameter());
			criteria.add(bound.maxParameter());
		}
		CRITERIA = Set.copyOf(criteria);
		Set<String> known = new LinkedHashSet<>(criteria);
		known.addAll(MODIFIERS);
		known.addAll(GROUPS);
		known.addAll(REQUEST);
		KNOWN = Set.copyOf(known);
	}

	private static final BigDecimal EDSS_LOWEST = BigDecimal.ZERO;
	private static final BigDecimal EDSS_HIGHEST = BigDecimal.TEN;

	private final Function<String, Set<String>> valueSetCodes;

	/**
	 * @param valueSetCodes the {@code system|code} pairs of a stored ValueSet by canonical URL, or
	 *     null when the server has no such ValueSet
	 */
	public CohortCriteriaParser(Function<String, Set<String>> valueSetCodes) {
		this.valueSetCodes = valueSetCodes;
	}

	/** Whether the body names any criterion or criteria group (else a re-evaluation keeps the stored ones). */
	public static boolean hasCriteria(Parameters parameters) {
		return parameters != null && parameters.getParameter().stream()
				.anyMatch(p -> CRITERIA.contains(p.getName()) || GROUPS.contains(p.getName()));
	}

	/** Whether the request is a dry run ({@code dry-run} = true). */
	public boolean dryRun(Parameters parameters) {
		Type value = single(collect(parameters).values(), DRY_RUN);
		if (value == null) {
			return false;
		}
		if (!(value instanceof org.hl7.fhir.r4.model.BooleanType flag) || flag.getValue() == null) {
			throw new InvalidRequestException("Parameter '" + DRY_RUN + "' must be a valueBoolean");
		}
		return flag.getValue();
	}

	/** The evaluation date of the request, or today. */
	public LocalDate evaluationDate(Parameters parameters) {
		LocalDate date = date(collect(parameters).values(), EVALUATION_DATE);
		return date != null ? date : LocalDate.now();
	}

	public CohortCriteria parse(Parameters parameters) {
		Collected top = collect(parameters);
		if (!top.hasCriterion()) {
			throw new InvalidRequestException("$ms-cohort needs at least one criterion (e.g. " + DIAGNOSIS + ", "
					+ MEDICATION + ", " + EDSS_MIN + ", " + AGE_MIN + ", " + "relapse-count-min, " + EXCLUDE + " or "
					+ ANY_OF + "); see the OperationDefinition ms-cohort for the full list");
		}
		return criteria(top);
	}

	/** The parameters of one criteria group: simple values by name, and the nested groups. */
	private record Collected(Map<String, List<Type>> values, List<CohortCriteria> excludes, List<CohortCriteria> anyOf) {
		boolean hasCriterion() {
			return values.keySet().stream().anyMatch(CRITERIA::contains) || !excludes.isEmpty() || !anyOf.isEmpty();
		}
	}

	private CohortCriteria criteria(Collected collected) {
		Map<String, List<Type>> values = collected.values();
		String name = string(values, NAME);

		List<String> diagnosisCodings = new ArrayList<>();
		Set<String> diagnosisCodes = new LinkedHashSet<>();
		for (Coding coding : codings(values, DIAGNOSIS)) {
			Set<String> codes = MsCodes.diagnosisCodes(coding.getSystem(), coding.getCode());
			if (codes == null) {
				throw new InvalidRequestException("Parameter '" + DIAGNOSIS + "': " + coding.getSystem() + "|"
						+ coding.getCode() + " is not an MS diagnosis of ValueSet ms-diagnoses (SNOMED CT)");
			}
			diagnosisCodings.add(coding.getSystem() + "|" + coding.getCode());
			diagnosisCodes.addAll(codes);
		}
		LocalDate diagnosisFrom = date(values, DIAGNOSIS_DATE_FROM);
		LocalDate diagnosisTo = date(values, DIAGNOSIS_DATE_TO);
		if (diagnosisFrom != null && diagnosisTo != null && diagnosisFrom.isAfter(diagnosisTo)) {
			throw new InvalidRequestException("Parameter '" + DIAGNOSIS_DATE_FROM + "' (" + diagnosisFrom
					+ ") is after '" + DIAGNOSIS_DATE_TO + "' (" + diagnosisTo + ")");
		}

		List<String> medicationCodings = new ArrayList<>();
		Set<String> medicationCodes = new LinkedHashSet<>();
		for (Coding coding : codings(values, MEDICATION)) {
			List<Medicine> medicines = MsCodes.medicines(coding.getSystem(), coding.getCode());
			if (medicines.isEmpty()) {
				throw new InvalidRequestException("Parameter '" + MEDICATION + "': " + coding.getSystem() + "|"
						+ coding.getCode() + " is not an MS medicine (ATC code or group, pre-2024 ATC code, or RxNorm"
						+ " ingredient of ValueSet ms-medicines)");
			}
			medicationCodings.add(coding.getSystem() + "|" + coding.getCode());
			medicines.forEach(m -> medicationCodes.addAll(m.codings()));
		}
		String valueSet = string(values, MEDICATION_VALUESET);
		if (valueSet != null) {
			Set<String> codes = valueSetCodes.apply(valueSet);
			if (codes == null || codes.isEmpty()) {
				throw new InvalidRequestException("Parameter '" + MEDICATION_VALUESET + "': no ValueSet with url '"
						+ valueSet + "' and listed codes is stored on this server");
			}
			for (String pair : codes) {
				medicationCodes.add(pair);
				int bar = pair.indexOf('|');
				Medicine medicine = MsCodes.exactMedicine(pair.substring(0, bar), pair.substring(bar + 1));
				if (medicine != null) {
					medicationCodes.addAll(medicine.codings()); // aliases: old ATC, RxNorm
				}
			}
		}
		CohortCriteria.MedicationStatus status = CohortCriteria.MedicationStatus.CURRENT;
		String statusText = string(values, MEDICATION_STATUS);
		if (statusText != null) {
			status = switch (statusText) {
				case "current" -> CohortCriteria.MedicationStatus.CURRENT;
				case "ever" -> CohortCriteria.MedicationStatus.EVER;
				default -> throw new InvalidRequestException(
						"Parameter '" + MEDICATION_STATUS + "' must be 'current' or 'ever', got '" + statusText + "'");
			};
			if (medicationCodes.isEmpty()) {
				throw new InvalidRequestException(
						"Parameter '" + MEDICATION_STATUS + "' needs '" + MEDICATION + "' or '" + MEDICATION_VALUESET + "'");
			}
		}

		BigDecimal edssMin = edss(values, EDSS_MIN);
		BigDecimal edssMax = edss(values, EDSS_MAX);
		checkRange(EDSS_MIN, edssMin, EDSS_MAX, edssMax);
		LocalDate edssAtDate = date(values, EDSS_AT_DATE);
		BigDecimal edssAtMin = edss(values, EDSS_AT_DATE_MIN);
		BigDecimal edssAtMax = edss(values, EDSS_AT_DATE_MAX);
		checkRange(EDSS_AT_DATE_MIN, edssAtMin, EDSS_AT_DATE_MAX, edssAtMax);
		if (edssAtDate != null && edssAtMin == null && edssAtMax == null) {
			throw new InvalidRequestException("Parameter '" + EDSS_AT_DATE + "' needs '" + EDSS_AT_DATE_MIN
					+ "' and/or '" + EDSS_AT_DATE_MAX + "'");
		}
		if (edssAtDate == null && (edssAtMin != null || edssAtMax != null)) {
			throw new InvalidRequestException(
					"Parameters '" + EDSS_AT_DATE_MIN + "' and '" + EDSS_AT_DATE_MAX + "' need '" + EDSS_AT_DATE + "'");
		}

		Integer ageMin = age(values, AGE_MIN);
		Integer ageMax = age(values, AGE_MAX);
		if (ageMin != null && ageMax != null && ageMin > ageMax) {
			throw new InvalidRequestException(
					"Parameter '" + AGE_MIN + "' (" + ageMin + ") is greater than '" + AGE_MAX + "' (" + ageMax + ")");
		}

		Set<String> sexes = new LinkedHashSet<>();
		for (Type value : values.getOrDefault(SEX, List.of())) {
			String code = text(SEX, value);
			if (!SEXES.contains(code)) {
				throw new InvalidRequestException("Parameter '" + SEX + "' must be one of male, female, other, unknown"
						+ " (Patient.gender), got '" + code + "'");
			}
			sexes.add(code);
		}
		NumberRange diseaseDuration = range(values, DISEASE_DURATION_MIN, DISEASE_DURATION_MAX, false,
				BigDecimal.ZERO, BigDecimal.valueOf(150));

		return new CohortCriteria(name, diagnosisCodings, diagnosisCodes, diagnosisFrom, diagnosisTo,
				medicationCodings, valueSet, medicationCodes, status, edssMin, edssMax, edssAtDate, edssAtMin,
				edssAtMax, ageMin, ageMax, sexes, diseaseDuration, analytic(values), collected.excludes(),
				collected.anyOf());
	}

	private AnalyticCriteria analytic(Map<String, List<Type>> values) {
		Map<AnalyticBound, NumberRange> bounds = new EnumMap<>(AnalyticBound.class);
		for (AnalyticBound bound : AnalyticBound.values()) {
			NumberRange range = range(values, bound.minParameter(), bound.maxParameter(), bound.integer(), bound.lowest(),
					bound.highest());
			if (range != null) {
				bounds.put(bound, range);
			}
		}
		AnalyticCriteria.Worsening worsening = null;
		String kind = string(values, WORSENING);
		String measure = string(values, WORSENING_MEASURE);
		if (kind != null) {
			worsening = new AnalyticCriteria.Worsening(
					choice(WORSENING, kind, AnalyticCriteria.WorseningKind.values(), AnalyticCriteria.WorseningKind::code),
					measure == null ? AnalyticCriteria.WorseningMeasure.EDSS
							: choice(WORSENING_MEASURE, measure, AnalyticCriteria.WorseningMeasure.values(),
									AnalyticCriteria.WorseningMeasure::code));
		} else if (measure != null) {
			throw new InvalidRequestException("Parameter '" + WORSENING_MEASURE + "' needs '" + WORSENING + "'");
		}
		Boolean neda3 = bool(values, NEDA3);
		String activity = string(values, LUBLIN_ACTIVITY);
		String progression = string(values, LUBLIN_PROGRESSION);
		LocalDate start = date(values, PERIOD_START);
		LocalDate end = date(values, PERIOD_END);
		AnalyticCriteria criteria = new AnalyticCriteria(start, end, bounds, worsening, neda3,
				activity == null ? null : choice(LUBLIN_ACTIVITY, activity, LublinActivity.values(), AnalyticCriteria::code),
				progression == null ? null
						: choice(LUBLIN_PROGRESSION, progression, LublinProgression.values(), AnalyticCriteria::code));
		if ((start != null || end != null) && !criteria.windowed()) {
			throw new InvalidRequestException("Parameter '" + (start != null ? PERIOD_START : PERIOD_END)
					+ "' needs a criterion over the window in the same group (relapse-count, relapse-rate, " + WORSENING
					+ ", edss-change, " + NEDA3 + ", " + LUBLIN_ACTIVITY + ", " + LUBLIN_PROGRESSION + ")");
		}
		if (start != null && end != null && start.isAfter(end)) {
			throw new InvalidRequestException("Parameter '" + PERIOD_START + "' (" + start + ") is after '" + PERIOD_END
					+ "' (" + end + ")");
		}
		return criteria;
	}

	private static <E> E choice(String name, String code, E[] options, Function<E, String> codeOf) {
		List<String> codes = new ArrayList<>();
		for (E option : options) {
			if (codeOf.apply(option).equals(code)) {
				return option;
			}
			codes.add(codeOf.apply(option));
		}
		throw new InvalidRequestException(
				"Parameter '" + name + "' must be one of " + String.join(", ", codes) + ", got '" + code + "'");
	}

	private static Boolean bool(Map<String, List<Type>> values, String name) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof BooleanType flag) || flag.getValue() == null) {
			throw new InvalidRequestException("Parameter '" + name + "' must be a valueBoolean, got " + value.fhirType());
		}
		return flag.getValue();
	}

	/** Bounds {@code minName}/{@code maxName} within [lowest, highest]; null when neither is given. */
	private static NumberRange range(Map<String, List<Type>> values, String minName, String maxName, boolean integer,
			BigDecimal lowest, BigDecimal highest) {
		BigDecimal min = number(values, minName, integer, lowest, highest);
		BigDecimal max = number(values, maxName, integer, lowest, highest);
		checkRange(minName, min, maxName, max);
		return min == null && max == null ? null : new NumberRange(min, max);
	}

	private static BigDecimal number(Map<String, List<Type>> values, String name, boolean integer, BigDecimal lowest,
			BigDecimal highest) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		BigDecimal number;
		if (value instanceof IntegerType whole && whole.getValue() != null) {
			number = BigDecimal.valueOf(whole.getValue());
		} else if (!integer && value instanceof DecimalType decimal && decimal.getValue() != null) {
			number = decimal.getValue();
		} else {
			throw new InvalidRequestException("Parameter '" + name + "' must be "
					+ (integer ? "a whole number (valueInteger)" : "a number (valueDecimal or valueInteger)") + ", got "
					+ value.fhirType());
		}
		if (number.compareTo(lowest) < 0 || number.compareTo(highest) > 0) {
			throw new InvalidRequestException("Parameter '" + name + "' must be between " + lowest.toPlainString()
					+ " and " + highest.toPlainString() + ", got " + number.toPlainString());
		}
		return number;
	}

	private Collected collect(Parameters parameters) {
		return collect(parameters == null ? List.of() : parameters.getParameter(), null);
	}

	/** Reads one level of parameters; {@code group} names the enclosing group of parts, null at the top. */
	private Collected collect(List<Parameters.ParametersParameterComponent> parameters, String group) {
		Map<String, List<Type>> values = new LinkedHashMap<>();
		List<CohortCriteria> excludes = new ArrayList<>();
		List<CohortCriteria> anyOf = new ArrayList<>();
		for (Parameters.ParametersParameterComponent p : parameters) {
			String name = p.getName();
			if (name == null || !KNOWN.contains(name)) {
				throw new InvalidRequestException("Parameter '" + name + "'" + (group == null ? "" : " (a part of '"
						+ group + "')") + " is not a parameter of $ms-cohort");
			}
			if (group != null && (GROUPS.contains(name) || REQUEST.contains(name))) {
				throw new InvalidRequestException("Parameter '" + name + "' is not allowed inside '" + group + "': "
						+ (GROUPS.contains(name) ? "criteria groups nest one level deep only"
								: "it belongs to the request, not to a criteria group"));
			}
			if (GROUPS.contains(name)) {
				if (p.getValue() != null || p.getResource() != null) {
					throw new InvalidRequestException(
							"Parameter '" + name + "' takes its criteria as parts, not as a value");
				}
				Collected parts = collect(p.getPart(), name);
				if (!parts.hasCriterion()) {
					throw new InvalidRequestException("Parameter '" + name + "' needs at least one criterion among its parts");
				}
				(EXCLUDE.equals(name) ? excludes : anyOf).add(criteria(parts));
				continue;
			}
			if (p.getValue() == null) {
				throw new InvalidRequestException("Parameter '" + name + "' has no value[x]");
			}
			values.computeIfAbsent(name, n -> new ArrayList<>()).add(p.getValue());
			if (values.get(name).size() > 1 && !REPEATABLE.contains(name)) {
				throw new InvalidRequestException("Parameter '" + name + "' may appear only once"
						+ (group == null ? "" : " in one '" + group + "'"));
			}
		}
		return new Collected(values, excludes, anyOf);
	}

	private static Type single(Map<String, List<Type>> values, String name) {
		List<Type> list = values.get(name);
		return list == null ? null : list.get(0);
	}

	private static String string(Map<String, List<Type>> values, String name) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof PrimitiveType<?> primitive) || value instanceof BaseDateTimeType
				|| primitive.getValueAsString() == null || primitive.getValueAsString().isBlank()) {
			throw new InvalidRequestException("Parameter '" + name + "' must be a text value (valueString, valueCode"
					+ " or valueUri), got " + value.fhirType());
		}
		return primitive.getValueAsString().trim();
	}

	private static String text(String name, Type value) {
		if (!(value instanceof PrimitiveType<?> primitive) || value instanceof BaseDateTimeType
				|| primitive.getValueAsString() == null || primitive.getValueAsString().isBlank()) {
			throw new InvalidRequestException("Parameter '" + name + "' must be a code (valueCode), got " + value.fhirType());
		}
		return primitive.getValueAsString().trim();
	}

	private static LocalDate date(Map<String, List<Type>> values, String name) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof BaseDateTimeType date) || date.getValue() == null
				|| date.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
			throw new InvalidRequestException("Parameter '" + name + "' must be a full date (valueDate such as"
					+ " 2024-06-30), got " + value.fhirType());
		}
		try {
			return LocalDate.parse(date.getValueAsString().substring(0, 10));
		} catch (java.time.format.DateTimeParseException e) {
			// HAPI's DateType takes some texts FHIR's date type does not (e.g. a year "-000")
			throw new InvalidRequestException("Parameter '" + name + "' must be a full date (valueDate such as"
					+ " 2024-06-30), got '" + date.getValueAsString() + "'");
		}
	}

	private static BigDecimal edss(Map<String, List<Type>> values, String name) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		BigDecimal number;
		if (value instanceof DecimalType decimal && decimal.getValue() != null) {
			number = decimal.getValue();
		} else if (value instanceof IntegerType integer && integer.getValue() != null) {
			number = BigDecimal.valueOf(integer.getValue());
		} else {
			throw new InvalidRequestException(
					"Parameter '" + name + "' must be a number (valueDecimal), got " + value.fhirType());
		}
		if (number.compareTo(EDSS_LOWEST) < 0 || number.compareTo(EDSS_HIGHEST) > 0) {
			throw new InvalidRequestException("Parameter '" + name + "' must be an EDSS value between 0 and 10, got " + number);
		}
		return number;
	}

	private static Integer age(Map<String, List<Type>> values, String name) {
		Type value = single(values, name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof IntegerType integer) || integer.getValue() == null) {
			throw new InvalidRequestException(
					"Parameter '" + name + "' must be a whole number of years (valueInteger), got " + value.fhirType());
		}
		if (integer.getValue() < 0 || integer.getValue() > 150) {
			throw new InvalidRequestException("Parameter '" + name + "' must be between 0 and 150, got " + integer.getValue());
		}
		return integer.getValue();
	}

	private static void checkRange(String minName, BigDecimal min, String maxName, BigDecimal max) {
		if (min != null && max != null && min.compareTo(max) > 0) {
			throw new InvalidRequestException(
					"Parameter '" + minName + "' (" + min + ") is greater than '" + maxName + "' (" + max + ")");
		}
	}

	private static List<Coding> codings(Map<String, List<Type>> values, String name) {
		List<Coding> out = new ArrayList<>();
		for (Type value : values.getOrDefault(name, List.of())) {
			if (value instanceof Coding coding) {
				out.add(coding);
			} else if (value instanceof CodeableConcept concept && concept.hasCoding()) {
				out.addAll(concept.getCoding());
			} else if (value instanceof PrimitiveType<?> text && !(value instanceof BaseDateTimeType)
					&& text.getValueAsString() != null && text.getValueAsString().contains("|")) {
				String[] parts = text.getValueAsString().split("\\|", 2);
				out.add(new Coding(parts[0].trim(), parts[1].trim(), null));
			} else {
				throw new InvalidRequestException("Parameter '" + name + "' must be a code: valueCoding,"
						+ " valueCodeableConcept or 'system|code', got " + value.fhirType());
			}
		}
		for (Coding coding : out) {
			if (!coding.hasSystem() || !coding.hasCode()) {
				throw new InvalidRequestException("Parameter '" + name + "' needs a code system and a code");
			}
		}
		return out;
	}
}

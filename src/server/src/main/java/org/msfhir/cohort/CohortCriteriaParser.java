package org.msfhir.cohort;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Type;
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

	static final Set<String> CRITERIA = Set.of(DIAGNOSIS, DIAGNOSIS_DATE_FROM, DIAGNOSIS_DATE_TO, MEDICATION,
			MEDICATION_VALUESET, EDSS_MIN, EDSS_MAX, EDSS_AT_DATE, EDSS_AT_DATE_MIN, EDSS_AT_DATE_MAX, AGE_MIN, AGE_MAX);
	private static final Set<String> REPEATABLE = Set.of(DIAGNOSIS, MEDICATION);
	private static final Set<String> KNOWN;

	static {
		Set<String> known = new LinkedHashSet<>(CRITERIA);
		known.addAll(Set.of(NAME, EVALUATION_DATE, MEDICATION_STATUS, DRY_RUN));
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

	/** Whether the body names any criterion (else a re-evaluation keeps the stored ones). */
	public static boolean hasCriteria(Parameters parameters) {
		return parameters != null
				&& parameters.getParameter().stream().anyMatch(p -> CRITERIA.contains(p.getName()));
	}

	/** Whether the request is a dry run ({@code dry-run} = true). */
	public boolean dryRun(Parameters parameters) {
		Type value = single(collect(parameters), DRY_RUN);
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
		Map<String, List<Type>> values = collect(parameters);
		LocalDate date = date(values, EVALUATION_DATE);
		return date != null ? date : LocalDate.now();
	}

	public CohortCriteria parse(Parameters parameters) {
		Map<String, List<Type>> values = collect(parameters);
		if (values.keySet().stream().noneMatch(CRITERIA::contains)) {
			throw new InvalidRequestException("$ms-cohort needs at least one criterion: one of " + String.join(", ",
					List.of(DIAGNOSIS, DIAGNOSIS_DATE_FROM, DIAGNOSIS_DATE_TO, MEDICATION, MEDICATION_VALUESET,
							EDSS_MIN, EDSS_MAX, EDSS_AT_DATE, AGE_MIN, AGE_MAX)));
		}
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

		return new CohortCriteria(name, diagnosisCodings, diagnosisCodes, diagnosisFrom, diagnosisTo,
				medicationCodings, valueSet, medicationCodes, status, edssMin, edssMax, edssAtDate, edssAtMin,
				edssAtMax, ageMin, ageMax);
	}

	private static Map<String, List<Type>> collect(Parameters parameters) {
		Map<String, List<Type>> values = new LinkedHashMap<>();
		if (parameters == null) {
			return values;
		}
		for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
			String name = p.getName();
			if (name == null || !KNOWN.contains(name)) {
				throw new InvalidRequestException("Parameter '" + name + "' is not a parameter of $ms-cohort");
			}
			if (p.getValue() == null) {
				throw new InvalidRequestException("Parameter '" + name + "' has no value[x]");
			}
			values.computeIfAbsent(name, n -> new ArrayList<>()).add(p.getValue());
			if (values.get(name).size() > 1 && !REPEATABLE.contains(name)) {
				throw new InvalidRequestException("Parameter '" + name + "' may appear only once");
			}
		}
		return values;
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
		return LocalDate.parse(date.getValueAsString().substring(0, 10));
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

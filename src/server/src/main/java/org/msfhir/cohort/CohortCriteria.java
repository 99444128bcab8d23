package org.msfhir.cohort;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The criteria of an MS cohort. Different criteria are combined with AND; the codes inside one
 * criterion with OR. Null fields are not used.
 *
 * @param name the Group's name, or null
 * @param diagnosisCodings requested diagnosis codings (SNOMED, as given)
 * @param diagnosisCodes the SNOMED codes a patient's Condition must carry (MS expanded to its courses)
 * @param diagnosisFrom earliest allowed date of the first MS diagnosis
 * @param diagnosisTo latest allowed date of the first MS diagnosis
 * @param medicationCodings requested medication codings, as given ({@code system|code})
 * @param medicationValueSet requested medication ValueSet canonical, or null
 * @param medicationCodes every {@code system|code} that counts as one of the requested medicines
 * @param medicationStatus {@code current} or {@code ever}
 * @param edssMin lower bound of the latest EDSS (inclusive)
 * @param edssMax upper bound of the latest EDSS (inclusive)
 * @param edssAtDate the date of the "EDSS at a date" criterion (latest EDSS on or before it)
 * @param edssAtDateMin lower bound of that EDSS
 * @param edssAtDateMax upper bound of that EDSS
 * @param ageMin minimum age in full years at the evaluation date
 * @param ageMax maximum age in full years at the evaluation date
 * @param sexes administrative genders ({@code Patient.gender} codes), any of which matches; empty: not used
 * @param diseaseDuration years from the first MS diagnosis to the evaluation date, or null
 * @param analytic the criteria computed from the analytics inputs ({@link AnalyticCriteria#NONE}: none)
 * @param excludes criteria groups: a patient matching every criterion of one of them is left out
 * @param anyOf criteria groups: when not empty, a patient must match every criterion of at least one
 */
public record CohortCriteria(
		String name,
		List<String> diagnosisCodings,
		Set<String> diagnosisCodes,
		LocalDate diagnosisFrom,
		LocalDate diagnosisTo,
		List<String> medicationCodings,
		String medicationValueSet,
		Set<String> medicationCodes,
		MedicationStatus medicationStatus,
		BigDecimal edssMin,
		BigDecimal edssMax,
		LocalDate edssAtDate,
		BigDecimal edssAtDateMin,
		BigDecimal edssAtDateMax,
		Integer ageMin,
		Integer ageMax,
		Set<String> sexes,
		NumberRange diseaseDuration,
		AnalyticCriteria analytic,
		List<CohortCriteria> excludes,
		List<CohortCriteria> anyOf) {

	public CohortCriteria {
		sexes = Set.copyOf(sexes);
		excludes = List.copyOf(excludes);
		anyOf = List.copyOf(anyOf);
	}

	/** Whether a medicine must be taken at the evaluation date or at any time before it. */
	public enum MedicationStatus {
		CURRENT,
		EVER;

		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	public boolean hasDiagnosis() {
		return !diagnosisCodes.isEmpty();
	}

	public boolean hasDiagnosisDate() {
		return diagnosisFrom != null || diagnosisTo != null;
	}

	public boolean hasMedication() {
		return !medicationCodes.isEmpty();
	}

	public boolean hasLatestEdss() {
		return edssMin != null || edssMax != null;
	}

	public boolean hasEdssAtDate() {
		return edssAtDate != null;
	}

	public boolean hasAge() {
		return ageMin != null || ageMax != null;
	}

	public boolean hasSex() {
		return !sexes.isEmpty();
	}

	public boolean hasDiseaseDuration() {
		return diseaseDuration != null;
	}

	/** Whether a criterion is answered by searches (everything except the analytic ones and the groups). */
	public boolean hasSearchCriteria() {
		return hasDiagnosis() || hasDiagnosisDate() || hasMedication() || hasLatestEdss() || hasEdssAtDate() || hasAge()
				|| hasSex() || hasDiseaseDuration();
	}

	/** Whether this group or one of its nested groups has analytic criteria. */
	public boolean usesAnalytics() {
		return !analytic.isEmpty() || excludes.stream().anyMatch(CohortCriteria::usesAnalytics)
				|| anyOf.stream().anyMatch(CohortCriteria::usesAnalytics);
	}
}

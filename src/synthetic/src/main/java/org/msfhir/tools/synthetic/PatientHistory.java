package org.msfhir.tools.synthetic;

import java.time.LocalDate;
import java.util.List;

/**
 * The simulated clinical history of one synthetic patient, before it is written as FHIR. Kept free
 * of FHIR types so the clinical rules can be tested on their own.
 */
public record PatientHistory(
		String key,
		String givenName,
		String familyName,
		boolean female,
		LocalDate birthDate,
		LocalDate onset,
		List<CourseEpisode> courses,
		List<Relapse> relapses,
		List<EdssVisit> edssVisits,
		List<SymptomScore> symptomScores,
		List<YearlyTests> yearlyTests,
		List<Therapy> therapies,
		List<CarePlanEpisode> carePlans) {

	/** A disease course from its diagnosis until the next course replaced it ({@code end} null = current). */
	public record CourseEpisode(
			DiseaseCourse course, LocalDate start, LocalDate end, String activity, String progression) {}

	/** A relapse: onset, severity and recovery codes (ms-concepts). */
	public record Relapse(LocalDate onset, LocalDate resolved, String severity, String recovery, Boolean steroidTreated) {}

	/** An EDSS assessment: total, the eight FS grades in KFSS order, walking range where it defines the step. */
	public record EdssVisit(
			LocalDate date, double total, int[] functionalSystems, Integer ambulationMetres, String assessor) {}

	/** Penn spasm frequency (0-4) with severity (1-3, null when frequency is 0) and pain NRS 0-10. */
	public record SymptomScore(
			LocalDate date, int pennFrequency, Integer pennSeverity, int pain, PainType painType) {}

	/**
	 * The yearly tests and MRI. {@code t25fwSeconds} is null when the patient cannot walk 25 feet;
	 * {@code mriComparisonDate} (the previous yearly MRI) is null for the first scan.
	 */
	public record YearlyTests(
			LocalDate date,
			int mfis,
			Double t25fwSeconds,
			double nhptDominantSeconds,
			double nhptNonDominantSeconds,
			int sdmt,
			int mriNewOrEnlargingT2,
			int mriGdEnhancing,
			LocalDate mriComparisonDate) {}

	/** A medicine from start to end ({@code end} null = still taken); {@code completed} = planned end. */
	public record Therapy(Medicine medicine, LocalDate start, LocalDate end, boolean completed, String reasonCode) {}

	/** A care plan with one activity. */
	public record CarePlanEpisode(CareActivity activity, LocalDate start, LocalDate end) {}

	/** The diagnosis in force at the end of follow-up. */
	public DiseaseCourse currentCourse() {
		return courses.get(courses.size() - 1).course();
	}

	/** Number of FHIR resources this history becomes (patient included). */
	public int resourceCount() {
		int yearly = 0;
		for (YearlyTests t : yearlyTests) {
			yearly += t.t25fwSeconds() == null ? 4 : 5; // MFIS, 9HPT, SDMT, MRI, and T25FW when walking
		}
		return 1 + courses.size() + relapses.size() + edssVisits.size() + 2 * symptomScores.size() + yearly
				+ therapies.size() + carePlans.size();
	}
}

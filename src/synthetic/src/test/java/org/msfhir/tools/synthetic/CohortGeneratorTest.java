package org.msfhir.tools.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.tools.synthetic.EdssScale.FunctionalSystem;
import org.msfhir.tools.synthetic.PatientHistory.EdssVisit;

/** Clinical rules and determinism of the synthetic cohort, on 500 patients. */
class CohortGeneratorTest {

	private static final int PATIENTS = 500;
	private static List<PatientHistory> cohort;

	@BeforeAll
	static void generate() {
		CohortGenerator generator = new CohortGenerator(42);
		cohort = IntStream.range(0, PATIENTS).mapToObj(generator::history).toList();
	}

	@Test
	void sameSeedGivesTheSameBundlesAndOtherSeedsDiffer() {
		FhirContext ctx = FhirContext.forR4Cached();
		String first = ctx.newJsonParser().encodeResourceToString(new CohortGenerator(7).bundle(3));
		String again = ctx.newJsonParser().encodeResourceToString(new CohortGenerator(7).bundle(3));
		String otherSeed = ctx.newJsonParser().encodeResourceToString(new CohortGenerator(8).bundle(3));
		assertThat(again).isEqualTo(first);
		assertThat(otherSeed).isNotEqualTo(first);
	}

	@Test
	void everyEdssIsAnAllowedValueWithFunctionalSystemsInRangeAndConsistent() {
		int visits = 0;
		for (PatientHistory p : cohort) {
			for (EdssVisit v : p.edssVisits()) {
				visits++;
				assertThat(EdssScale.isValidTotal(v.total())).as("EDSS %s", v.total()).isTrue();
				assertThat(v.total()).isNotEqualTo(0.5);
				int[] g = v.functionalSystems();
				assertThat(g).hasSize(8);
				for (FunctionalSystem fs : FunctionalSystem.values()) {
					assertThat(g[fs.ordinal()]).as("%s at EDSS %s", fs, v.total()).isBetween(0, fs.maxGrade());
				}
				assertThat(consistentWithKurtzke(v.total(), g)).as("FS %s for EDSS %s", java.util.Arrays.toString(g), v.total()).isTrue();
				if (v.total() >= 4.0 && v.total() <= 7.0) {
					assertThat(v.ambulationMetres()).isNotNull();
				}
			}
		}
		assertThat(visits).isGreaterThan(PATIENTS * 3);
	}

	@Test
	void pennSeverityOnlyWithSpasmsAndScoresInRange() {
		for (PatientHistory p : cohort) {
			for (PatientHistory.SymptomScore s : p.symptomScores()) {
				assertThat(s.pennFrequency()).isBetween(0, 4);
				if (s.pennFrequency() == 0) {
					assertThat(s.pennSeverity()).isNull();
				} else {
					assertThat(s.pennSeverity()).isBetween(1, 3);
				}
				assertThat(s.pain()).isBetween(0, 10);
				assertThat(s.painType() == null).isEqualTo(s.pain() == 0);
			}
			for (PatientHistory.YearlyTests t : p.yearlyTests()) {
				assertThat(t.mfis()).isBetween(0, 84);
				assertThat(t.sdmt()).isBetween(0, 110);
				assertThat(t.nhptDominantSeconds()).isBetween(12.0, 300.0);
				if (t.t25fwSeconds() != null) {
					assertThat(t.t25fwSeconds()).isBetween(3.0, 180.0);
				}
			}
		}
	}

	@Test
	void yearlyMriActivityFollowsRelapsesAndComparesWithThePreviousScan() {
		int afterRelapse = 0, activeAfterRelapse = 0, quiet = 0, activeQuiet = 0;
		for (PatientHistory p : cohort) {
			java.time.LocalDate previous = null;
			for (PatientHistory.YearlyTests t : p.yearlyTests()) {
				assertThat(t.mriNewOrEnlargingT2()).isNotNegative();
				assertThat(t.mriGdEnhancing()).isNotNegative();
				assertThat(t.mriComparisonDate()).isEqualTo(previous);
				previous = t.date();
				boolean relapsed = p.relapses().stream().anyMatch(r -> !r.onset().isAfter(t.date())
						&& java.time.temporal.ChronoUnit.DAYS.between(r.onset(), t.date()) <= 365);
				boolean active = t.mriNewOrEnlargingT2() > 0 || t.mriGdEnhancing() > 0;
				if (relapsed) {
					afterRelapse++;
					activeAfterRelapse += active ? 1 : 0;
				} else {
					quiet++;
					activeQuiet += active ? 1 : 0;
				}
			}
		}
		assertThat(afterRelapse).isPositive();
		assertThat(quiet).isPositive();
		// a scan within a year after a relapse is active far more often than one after a quiet year
		assertThat((double) activeAfterRelapse / afterRelapse).isGreaterThan(2.0 * activeQuiet / quiet);
		assertThat((double) activeQuiet / quiet).isBetween(0.02, 0.5);
	}

	@Test
	void diseaseCourseMixIsCloseToClinicalReality() {
		Map<DiseaseCourse, Integer> atOnset = new EnumMap<>(DiseaseCourse.class);
		Map<DiseaseCourse, Integer> now = new EnumMap<>(DiseaseCourse.class);
		int longRelapsing = 0;
		int longConverted = 0;
		for (PatientHistory p : cohort) {
			atOnset.merge(p.courses().get(0).course(), 1, Integer::sum);
			now.merge(p.currentCourse(), 1, Integer::sum);
			boolean relapsingOnset = p.courses().get(0).course() != DiseaseCourse.PPMS;
			if (relapsingOnset && p.edssVisits().get(0).date().isBefore(CohortGenerator.DEFAULT_AS_OF.minusYears(15))) {
				longRelapsing++;
				if (p.currentCourse() == DiseaseCourse.SPMS) longConverted++;
			}
		}
		double ppms = atOnset.getOrDefault(DiseaseCourse.PPMS, 0) / (double) PATIENTS;
		double rrms = atOnset.getOrDefault(DiseaseCourse.RRMS, 0) / (double) PATIENTS;
		double cis = atOnset.getOrDefault(DiseaseCourse.CIS, 0) / (double) PATIENTS;
		assertThat(ppms).isBetween(0.08, 0.17);
		assertThat(rrms).isGreaterThan(0.6);
		assertThat(cis).isBetween(0.05, 0.2);
		assertThat(now.getOrDefault(DiseaseCourse.SPMS, 0)).isPositive();
		// After 15+ years, a clear minority to about half of relapsing-onset patients have converted.
		assertThat(longConverted / (double) longRelapsing).isBetween(0.15, 0.6);
		// No SPMS at onset, and a course only ever moves CIS -> RRMS -> SPMS.
		assertThat(atOnset).doesNotContainKey(DiseaseCourse.SPMS);
		for (PatientHistory p : cohort) {
			for (int i = 1; i < p.courses().size(); i++) {
				assertThat(p.courses().get(i).course().ordinal()).isGreaterThan(p.courses().get(i - 1).course().ordinal());
			}
		}
	}

	@Test
	void relapsesFallUnderTreatmentAndProgressiveCoursesWorsen() {
		double untreatedYears = 0, treatedYears = 0;
		int untreated = 0, treated = 0;
		double progressiveSlope = 0, relapsingSlope = 0;
		int progressiveN = 0, relapsingN = 0;
		for (PatientHistory p : cohort) {
			if (p.currentCourse() == DiseaseCourse.RRMS) {
				double years = years(p);
				double onDmt = p.therapies().stream().filter(t -> t.medicine().dmt())
						.mapToDouble(t -> java.time.temporal.ChronoUnit.DAYS.between(t.start(),
								t.end() == null ? CohortGenerator.DEFAULT_AS_OF : t.end()) / 365.25).sum();
				onDmt = Math.min(onDmt, years);
				long relapsesOnDmt = p.relapses().stream().filter(r -> p.therapies().stream().anyMatch(t -> t.medicine().dmt()
						&& !r.onset().isBefore(t.start()) && (t.end() == null || r.onset().isBefore(t.end())))).count();
				treated += relapsesOnDmt;
				untreated += p.relapses().size() - relapsesOnDmt;
				treatedYears += onDmt;
				untreatedYears += years - onDmt;
			}
			List<EdssVisit> v = p.edssVisits();
			double slope = (v.get(v.size() - 1).total() - v.get(0).total()) / Math.max(1, years(p));
			if (p.currentCourse().progressive()) {
				progressiveSlope += slope;
				progressiveN++;
			} else {
				relapsingSlope += slope;
				relapsingN++;
			}
		}
		assertThat(treated / treatedYears).isLessThan(untreated / untreatedYears);
		assertThat(progressiveSlope / progressiveN).isGreaterThan(relapsingSlope / relapsingN);
	}

	@Test
	void dmtHistoriesEscalateAndSymptomaticDrugsFollowSymptoms() {
		int escalations = 0;
		for (PatientHistory p : cohort) {
			List<PatientHistory.Therapy> dmts = p.therapies().stream().filter(t -> t.medicine().dmt()).toList();
			for (int i = 1; i < dmts.size(); i++) {
				if (dmts.get(i).medicine().line().compareTo(dmts.get(i - 1).medicine().line()) > 0) escalations++;
			}
			for (PatientHistory.Therapy t : p.therapies()) {
				if (t.medicine() == Medicine.BACLOFEN || t.medicine() == Medicine.TIZANIDINE) {
					// Started when spasms or pyramidal signs were there.
					assertThat(p.symptomScores().stream().anyMatch(s -> s.date().equals(t.start()) && s.pennFrequency() >= 2)
							|| p.edssVisits().stream().anyMatch(v -> !v.date().isAfter(t.start())
									&& v.functionalSystems()[FunctionalSystem.PYRAMIDAL.ordinal()] >= 3)).isTrue();
				}
			}
		}
		assertThat(escalations).isGreaterThan(PATIENTS / 20);
	}

	@Test
	void patientsBecomeAboutOneHundredToTwoHundredFiftyResourcesThatClaimTheirProfiles() {
		double mean = cohort.stream().mapToInt(PatientHistory::resourceCount).average().orElseThrow();
		assertThat(mean).isBetween(100.0, 250.0);
		Bundle bundle = new CohortGenerator(42).bundle(0);
		assertThat(bundle.getEntry()).hasSize(cohort.get(0).resourceCount());
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource r = entry.getResource();
			assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
			if (!(r instanceof org.hl7.fhir.r4.model.Patient)) {
				assertThat(r.getMeta().getProfile()).as(r.fhirType()).hasSize(1);
				assertThat(r.getMeta().getProfile().get(0).getValue()).startsWith(MsCodes.CANONICAL + "/StructureDefinition/ms-");
			}
		}
	}

	private static double years(PatientHistory p) {
		return java.time.temporal.ChronoUnit.DAYS.between(p.edssVisits().get(0).date(), CohortGenerator.DEFAULT_AS_OF) / 365.25;
	}

	/** Kurtzke's definitions of steps 0-4.0 by FS grades; from 4.5 at least as severe as 4.0. */
	static boolean consistentWithKurtzke(double total, int[] g) {
		int[] n = new int[7];
		for (int grade : g) n[grade]++;
		int above2 = n[3] + n[4] + n[5] + n[6];
		int above3 = n[4] + n[5] + n[6];
		int above4 = n[5] + n[6];
		if (total == 0) return n[0] == 8;
		if (total == 1.0) return n[1] == 1 && n[2] + above2 == 0;
		if (total == 1.5) return n[1] >= 2 && n[2] + above2 == 0;
		if (total == 2.0) return n[2] == 1 && above2 == 0;
		if (total == 2.5) return n[2] == 2 && above2 == 0;
		if (total == 3.0) return above3 == 0 && ((n[3] == 1 && n[2] == 0) || (n[3] == 0 && n[2] >= 3 && n[2] <= 4));
		if (total == 3.5) {
			return above3 == 0 && ((n[3] == 1 && n[2] >= 1 && n[2] <= 2) || (n[3] == 2 && n[2] == 0) || (n[3] == 0 && n[2] == 5));
		}
		if (total == 4.0) return above4 == 0 && ((n[4] == 1 && n[2] + n[3] == 0) || (n[4] == 0 && n[3] >= 2));
		return above3 > 0 || n[3] >= 2;
	}
}

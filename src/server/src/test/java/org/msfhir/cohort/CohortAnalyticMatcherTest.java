package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;
import org.msfhir.analytics.LublinActivity;
import org.msfhir.analytics.LublinProgression;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.PatientHistory;
import org.msfhir.analytics.fhir.DmtTherapy;
import org.msfhir.analytics.fhir.PatientData;
import org.msfhir.guide.MsTerminology;

/** The per-patient rules of the analytic criteria on hand-built histories (docs/cohorts.md). */
class CohortAnalyticMatcherTest {

	private static final LocalDate EVALUATION = LocalDate.parse("2026-01-01");
	private final AnalyticMatcher matcher = new AnalyticMatcher(new DmtTherapy(Set.of()));

	private static PatientData data(PatientHistory history) {
		return data(history, List.of(), List.of());
	}

	private static PatientData data(PatientHistory history, List<Observation> symptoms, List<MedicationStatement> medications) {
		return new PatientData("p", history, Map.of(), List.of(), symptoms, List.of(), medications, null);
	}

	private static AnalyticCriteria bound(AnalyticBound bound, Number min, Number max, String start, String end) {
		Map<AnalyticBound, NumberRange> bounds = new EnumMap<>(AnalyticBound.class);
		bounds.put(bound, new NumberRange(min == null ? null : new BigDecimal(min.toString()),
				max == null ? null : new BigDecimal(max.toString())));
		return new AnalyticCriteria(date(start), date(end), bounds, null, null, null, null);
	}

	private static LocalDate date(String text) {
		return text == null ? null : LocalDate.parse(text);
	}

	private boolean matches(PatientData data, AnalyticCriteria criteria) {
		return matcher.matches(data, criteria, EVALUATION);
	}

	@Test
	void relapseCountCountsOnsetsInsideTheWindowBothEndsIncludedAndOneDayOnce() {
		PatientHistory history = PatientHistory.builder()
				.relapse(LocalDate.parse("2023-12-31")) // the day before the window
				.relapse(LocalDate.parse("2024-01-01")) // first day: in
				.relapse(LocalDate.parse("2025-12-31")) // last day: in
				.relapse(LocalDate.parse("2025-12-31")) // the same relapse recorded twice
				.relapse(LocalDate.parse("2026-01-01")) // the day after
				.build();
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_COUNT, 2, 2, "2024-01-01", "2025-12-31"))).isTrue();
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_COUNT, 3, null, "2024-01-01", "2025-12-31"))).isFalse();
		// default window: the two years up to and including the evaluation date, [2024-01-02, 2026-01-01]
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_COUNT, 2, 2, null, null))).isTrue();
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_COUNT, null, 0, "2026-01-02", "2026-06-01"))).isTrue();
		// 2 onsets in 731 days: 2 / (731 / 365.25) = 0.9993
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_RATE, 0.99, 1.0, "2024-01-01", "2025-12-31"))).isTrue();
		assertThat(matches(data(history), bound(AnalyticBound.RELAPSE_RATE, 1.0, null, "2024-01-01", "2025-12-31"))).isFalse();
	}

	@Test
	void edssChangeIsLastMinusFirstInsideTheWindowAndNeedsTwoDays() {
		PatientHistory history = PatientHistory.builder()
				.measurement(Measure.EDSS, LocalDate.parse("2023-06-01"), 1.0)
				.measurement(Measure.EDSS, LocalDate.parse("2024-02-01"), 2.0)
				.measurement(Measure.EDSS, LocalDate.parse("2025-06-01"), 3.5)
				.build();
		assertThat(matches(data(history), bound(AnalyticBound.EDSS_CHANGE, 1.5, 1.5, "2024-01-01", "2025-12-31"))).isTrue();
		assertThat(matches(data(history), bound(AnalyticBound.EDSS_CHANGE, 2.5, null, "2023-01-01", "2025-12-31"))).isTrue();
		// one assessment in the window: no change can be computed, never matches
		assertThat(matches(data(history), bound(AnalyticBound.EDSS_CHANGE, null, 10, "2025-01-01", "2025-12-31"))).isFalse();
	}

	@Test
	void confirmedWorseningNeedsItsOnsetInTheWindowAndItsConfirmationByTheEvaluationDate() {
		// reference case C22: PIRA with onset 2020-07-06, confirmed 2021-01-04
		PatientHistory history = PatientHistory.builder()
				.measurement(Measure.EDSS, LocalDate.parse("2020-01-06"), 2.0)
				.measurement(Measure.EDSS, LocalDate.parse("2020-07-06"), 3.0)
				.relapse(LocalDate.parse("2020-08-06"))
				.measurement(Measure.EDSS, LocalDate.parse("2021-01-04"), 3.0)
				.build();
		AnalyticCriteria.Worsening pira = new AnalyticCriteria.Worsening(AnalyticCriteria.WorseningKind.PIRA,
				AnalyticCriteria.WorseningMeasure.EDSS);
		AnalyticCriteria in2020 = new AnalyticCriteria(date("2020-01-01"), date("2020-12-31"), Map.of(), pira, null, null, null);
		AnalyticCriteria in2021 = new AnalyticCriteria(date("2021-01-01"), date("2021-12-31"), Map.of(), pira, null, null, null);
		assertThat(matches(data(history), in2020)).isTrue();
		assertThat(matches(data(history), in2021)).isFalse();
		assertThat(matcher.matches(data(history), in2020, LocalDate.parse("2021-01-03"))).as("not yet confirmed").isFalse();
		AnalyticCriteria raw = new AnalyticCriteria(date("2020-01-01"), date("2020-12-31"), Map.of(),
				new AnalyticCriteria.Worsening(AnalyticCriteria.WorseningKind.RAW, AnalyticCriteria.WorseningMeasure.ANY),
				null, null, null);
		assertThat(matches(data(history), raw)).isFalse();
		AnalyticCriteria sdmtAny = new AnalyticCriteria(date("2020-01-01"), date("2020-12-31"), Map.of(),
				new AnalyticCriteria.Worsening(AnalyticCriteria.WorseningKind.ANY, AnalyticCriteria.WorseningMeasure.SDMT),
				null, null, null);
		assertThat(matches(data(history), sdmtAny)).isFalse();
	}

	@Test
	void neda3AndLublinQualifiersOverTheWindow() {
		PatientHistory history = PatientHistory.builder()
				.measurement(Measure.EDSS, LocalDate.parse("2024-03-01"), 2.0)
				.mri(LocalDate.parse("2024-06-01"), 0, 0)
				.relapse(LocalDate.parse("2025-04-01"))
				.build();
		AnalyticCriteria achieved = new AnalyticCriteria(date("2024-01-01"), date("2024-12-31"), Map.of(), null, true, null, null);
		AnalyticCriteria notAchieved = new AnalyticCriteria(date("2024-01-01"), date("2025-12-31"), Map.of(), null, false, null, null);
		assertThat(matches(data(history), achieved)).isTrue();
		assertThat(matches(data(history), notAchieved)).isTrue();
		// 2023: no MRI, no activity: not evaluable, matches neither true nor false
		for (boolean wanted : new boolean[] {true, false}) {
			assertThat(matches(data(history),
					new AnalyticCriteria(date("2023-01-01"), date("2023-12-31"), Map.of(), null, wanted, null, null))).isFalse();
		}
		assertThat(matches(data(history), new AnalyticCriteria(date("2025-01-01"), date("2025-12-31"), Map.of(), null, null,
				LublinActivity.ACTIVE, null))).isTrue();
		assertThat(matches(data(history), new AnalyticCriteria(date("2024-01-01"), date("2024-12-31"), Map.of(), null, null,
				LublinActivity.NOT_ACTIVE, LublinProgression.WITHOUT_PROGRESSION))).isTrue();
		assertThat(matches(data(history), new AnalyticCriteria(date("2025-01-01"), date("2025-12-31"), Map.of(), null, null,
				null, LublinProgression.INDETERMINATE))).isTrue();
	}

	@Test
	void thresholdsUseTheLatestValueOnOrBeforeTheEvaluationDate() {
		PatientHistory history = PatientHistory.builder()
				.measurement(Measure.SDMT, LocalDate.parse("2024-01-01"), 50)
				.measurement(Measure.SDMT, LocalDate.parse("2025-06-01"), 38)
				.measurement(Measure.SDMT, LocalDate.parse("2026-03-01"), 60) // after the evaluation date
				.measurement(Measure.NHPT, LocalDate.parse("2025-06-01"), 24.5)
				.build();
		List<Observation> symptoms = new ArrayList<>(List.of(
				symptom(MsTerminology.LOINC, MsTerminology.LOINC_PAIN, "2026-02-01", 9),
				symptom(MsTerminology.LOINC, MsTerminology.LOINC_PAIN, "2025-05-01", 3),
				symptom(MsTerminology.MS_CONCEPTS, MsTerminology.MSC_MFIS_TOTAL, "2025-05-01", 40)));
		PatientData data = data(history, symptoms, List.of());
		assertThat(matches(data, bound(AnalyticBound.SDMT, null, 40, null, null))).isTrue();
		assertThat(matches(data, bound(AnalyticBound.SDMT, 41, null, null, null))).isFalse();
		assertThat(matches(data, bound(AnalyticBound.NHPT, 24.5, 24.5, null, null))).isTrue();
		assertThat(matches(data, bound(AnalyticBound.T25FW, 0, null, null, null))).as("no T25FW").isFalse();
		assertThat(matches(data, bound(AnalyticBound.PAIN, null, 3, null, null))).isTrue();
		assertThat(matches(data, bound(AnalyticBound.MFIS, 38, null, null, null))).isTrue();
	}

	@Test
	void linesOfTherapyAndSwitchesCountDmtsStartedByTheEvaluationDate() {
		List<MedicationStatement> meds = List.of(
				dmt("interferon beta-1a", "2018-01-01"), dmt("fingolimod", "2020-01-01"),
				dmt("interferon beta-1a", "2022-01-01"), dmt("ocrelizumab", "2026-06-01"));
		PatientData data = data(PatientHistory.builder().build(), List.of(), meds);
		assertThat(matches(data, bound(AnalyticBound.LINES_OF_THERAPY, 2, 2, null, null))).isTrue();
		assertThat(matches(data, bound(AnalyticBound.SWITCHES, 2, 2, null, null))).isTrue();
		assertThat(matcher.matches(data, bound(AnalyticBound.SWITCHES, 1, 1, null, null), LocalDate.parse("2021-01-01"))).isTrue();
		assertThat(matches(data(PatientHistory.builder().build()), bound(AnalyticBound.LINES_OF_THERAPY, null, 0, null, null)))
				.as("never on a DMT: 0 lines").isTrue();
	}

	private static Observation symptom(String system, String code, String date, int value) {
		Observation o = new Observation();
		o.setCode(new CodeableConcept().addCoding(new Coding(system, code, null)));
		o.setEffective(new DateTimeType(date));
		o.setValue(new IntegerType(value));
		return o;
	}

	private static MedicationStatement dmt(String name, String start) {
		MedicationStatement s = new MedicationStatement();
		s.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		s.setCategory(new CodeableConcept().addCoding(new Coding(MsTerminology.MS_CONCEPTS, MsTerminology.MSC_DMT, null)));
		s.setMedication(new CodeableConcept().addCoding(new Coding(MsTerminology.ATC, "X", name)));
		s.setEffective(new Period().setStartElement(new DateTimeType(start)));
		return s;
	}
}

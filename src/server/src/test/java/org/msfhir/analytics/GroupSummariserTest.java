package org.msfhir.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class GroupSummariserTest {

	private static final ProgressionEngine ENGINE = new ProgressionEngine(ProgressionSettings.defaults());
	private static final LocalDate D0 = LocalDate.of(2020, 1, 6);

	private static PatientHistory.Builder edss(double... valuesEvery182Days) {
		PatientHistory.Builder b = PatientHistory.builder();
		for (int i = 0; i < valuesEvery182Days.length; i++) {
			b.measurement(Measure.EDSS, D0.plusDays(182L * i), valuesEvery182Days[i]);
		}
		return b;
	}

	private static PatientOutcome outcome(String id, PatientHistory h, Double arr, Neda3Status neda) {
		return new PatientOutcome(id, ENGINE.analyse(h), arr, neda);
	}

	@Test
	void countsMedianMeanAndProportion() {
		// p1: PIRA at day 182 (as C01). p2: two PIRA events, first at day 364.
		// p3: RAW at day 190 (as C19). p4: no event.
		PatientHistory p3 = PatientHistory.builder().measurement(Measure.EDSS, D0, 2.0).relapse(D0.plusDays(100))
				.measurement(Measure.EDSS, D0.plusDays(190), 3.0).measurement(Measure.EDSS, D0.plusDays(372), 3.0).build();
		List<PatientOutcome> outcomes = List.of(
				outcome("p1", edss(2.0, 3.0, 3.0).build(), 0.5, Neda3Status.NOT_ACHIEVED),
				outcome("p2", edss(1.0, 1.0, 2.0, 2.0, 3.0, 3.0).build(), 1.0, Neda3Status.ACHIEVED),
				outcome("p3", p3, 1.5, Neda3Status.NOT_EVALUABLE),
				outcome("p4", edss(2.0, 2.0, 2.0).build(), null, Neda3Status.ACHIEVED));

		GroupSummary s = GroupSummariser.summarise(Measure.EDSS, outcomes);

		assertEquals(4, s.patients());
		assertEquals(3, s.patientsWithEvent());
		assertEquals(1, s.patientsWithRaw());
		assertEquals(2, s.patientsWithPira());
		assertEquals(0, s.patientsWithUndetermined());
		assertEquals(4, s.events());
		assertEquals(1, s.rawEvents());
		assertEquals(3, s.piraEvents());
		assertEquals(0, s.undeterminedEvents());
		// first-event days 182, 364, 190: median 190
		assertEquals(190.0, s.medianDaysToFirstEvent());
		assertEquals(1.0, s.meanAnnualisedRelapseRate(), 1e-12);
		assertEquals(2, s.neda3Achieved());
		assertEquals(3, s.neda3Evaluable());
		assertEquals(2.0 / 3, s.neda3Proportion(), 1e-12);
	}

	@Test
	void evenNumberOfPatientsWithEventAveragesTheMiddleTwo() {
		GroupSummary s = GroupSummariser.summarise(Measure.EDSS, List.of(
				outcome("a", edss(2.0, 3.0, 3.0).build(), null, null),
				outcome("b", edss(1.0, 1.0, 2.0, 2.0).build(), null, null)));
		assertEquals((182 + 364) / 2.0, s.medianDaysToFirstEvent());
	}

	@Test
	void emptyGroupAndMissingValuesGiveNulls() {
		GroupSummary empty = GroupSummariser.summarise(Measure.EDSS, List.of());
		assertEquals(0, empty.patients());
		assertNull(empty.medianDaysToFirstEvent());
		assertNull(empty.meanAnnualisedRelapseRate());
		assertNull(empty.neda3Proportion());

		GroupSummary noSeries = GroupSummariser.summarise(Measure.SDMT,
				List.of(outcome("a", edss(2.0, 3.0, 3.0).build(), null, Neda3Status.NOT_EVALUABLE)));
		assertEquals(0, noSeries.patientsWithEvent());
		assertEquals(0, noSeries.neda3Evaluable());
		assertNull(noSeries.neda3Proportion());
	}
}

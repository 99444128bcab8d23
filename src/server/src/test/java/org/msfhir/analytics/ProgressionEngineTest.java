package org.msfhir.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Behaviour outside the reference cases: input order, empty input, settings validation, scale. */
class ProgressionEngineTest {

	private static final ProgressionEngine ENGINE = new ProgressionEngine(ProgressionSettings.defaults());

	@Test
	void inputOrderDoesNotMatter() {
		List<Measurement> series = new ArrayList<>(List.of(Measurement.of("2020-01-06", 2.0),
				Measurement.of("2020-07-06", 3.0), Measurement.of("2021-01-04", 3.0)));
		Collections.reverse(series);
		ProgressionResult r = ENGINE.analyse(Measure.EDSS, series, List.of());
		assertEquals(1, r.events().size());
		assertEquals(LocalDate.parse("2020-07-06"), r.events().get(0).onset().date());
		assertEquals(364, r.followUpDays());
	}

	@Test
	void emptySeriesAndNoValidVisit() {
		ProgressionResult empty = ENGINE.analyse(Measure.EDSS, List.of(), List.of());
		assertTrue(empty.events().isEmpty());
		assertNull(empty.firstValidVisit());
		assertTrue(empty.daysToFirstEvent().isEmpty());

		// Both visits within 30 days after a relapse: no reference, no event.
		ProgressionResult none = ENGINE.analyse(Measure.EDSS,
				List.of(Measurement.of("2020-01-10", 2.0), Measurement.of("2020-01-20", 4.0)),
				List.of(LocalDate.parse("2020-01-01")));
		assertNull(none.firstValidVisit());
		assertEquals(0, none.followUpDays());
	}

	@Test
	void settingsAreValidated() {
		ProgressionSettings.Builder b = ProgressionSettings.defaults().toBuilder();
		assertThrows(IllegalArgumentException.class, () -> b.confirmationWeeks(0).build());
		assertThrows(IllegalArgumentException.class,
				() -> ProgressionSettings.defaults().toBuilder().edssBoundary(11).build());
		assertThrows(IllegalArgumentException.class,
				() -> ProgressionSettings.defaults().toBuilder().timedTestFraction(0).build());
		assertThrows(IllegalArgumentException.class,
				() -> ProgressionSettings.defaults().toBuilder().rawWindowDays(-1).build());
		assertThrows(IllegalArgumentException.class, () -> Measurement.of("2020-01-01", Double.NaN));
		assertThrows(IllegalArgumentException.class,
				() -> new DateWindow(LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-01")));
	}

	@Test
	void thousandPatientsWithLongHistoriesAreFast() {
		Random random = new Random(22);
		long start = System.nanoTime();
		int events = 0;
		for (int p = 0; p < 1000; p++) {
			PatientHistory.Builder b = PatientHistory.builder();
			LocalDate d = LocalDate.of(2005, 1, 1);
			double edss = 1.0;
			for (int v = 0; v < 80; v++, d = d.plusDays(60 + random.nextInt(60))) {
				edss = Math.max(0, Math.min(9.5, edss + (random.nextInt(5) - 1) * 0.5));
				b.measurement(Measure.EDSS, d, edss);
				b.measurement(Measure.T25FW, d, 5 + random.nextDouble() * 3);
				b.measurement(Measure.SDMT, d, 40 + random.nextInt(15));
				if (random.nextInt(8) == 0) {
					b.relapse(d.minusDays(random.nextInt(100)));
				}
				if (v % 6 == 0) {
					b.mri(d, random.nextInt(2), random.nextInt(2));
				}
			}
			PatientHistory h = b.build();
			PatientProgression r = ENGINE.analyse(h);
			events += r.result(Measure.EDSS).events().size();
			DiseaseActivity.neda3(h, r, DateWindow.calendarYear(2010));
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertTrue(events > 0, "the random histories should contain events");
		// Generous bound for a loaded 2-core machine; the engine itself needs a few ms per 1,000 patients.
		assertTrue(millis < 5_000, "1,000 patients took " + millis + " ms");
	}
}

package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Finds confirmed worsenings of EDSS, T25FW, 9HPT and SDMT and classifies them RAW / PIRA / UNDETERMINED.
 * The rules are written out in docs/progression.md. Stateless and thread-safe; O(n log n) per series
 * (the sort), the scan itself is linear.
 */
public final class ProgressionEngine {

	private final ProgressionSettings settings;

	public ProgressionEngine(ProgressionSettings settings) {
		this.settings = settings;
	}

	public ProgressionSettings settings() {
		return settings;
	}

	/** All measures the history has a series for. */
	public PatientProgression analyse(PatientHistory history) {
		RelapseTimeline relapses = RelapseTimeline.of(history.relapseOnsets());
		Map<Measure, ProgressionResult> results = new EnumMap<>(Measure.class);
		for (Measure m : history.measurements().keySet()) {
			results.put(m, analyseSorted(m, history.series(m), relapses));
		}
		return new PatientProgression(settings, results);
	}

	/** One measure; the series and relapse onsets may be in any order. */
	public ProgressionResult analyse(Measure measure, List<Measurement> series, List<LocalDate> relapseOnsets) {
		PatientHistory h = new PatientHistory(Map.of(measure, series), relapseOnsets, List.of());
		return analyseSorted(measure, h.series(measure), RelapseTimeline.of(h.relapseOnsets()));
	}

	private ProgressionResult analyseSorted(Measure measure, List<Measurement> series, RelapseTimeline relapses) {
		int n = series.size();
		if (n == 0) {
			return new ProgressionResult(measure, null, null, List.of());
		}
		long[] day = new long[n];
		boolean[] valid = new boolean[n];
		int ref = -1;
		for (int i = 0; i < n; i++) {
			day[i] = series.get(i).date().toEpochDay();
			valid[i] = !relapses.anyBetween(day[i] - settings.relapseExclusionDays(), day[i]);
			if (ref < 0 && valid[i]) {
				ref = i;
			}
		}
		LocalDate last = series.get(n - 1).date();
		if (ref < 0) {
			return new ProgressionResult(measure, null, last, List.of());
		}
		LocalDate firstValid = series.get(ref).date();
		WorseningRule rule = new WorseningRule(measure, settings);
		long confirmationDays = 7L * settings.confirmationWeeks();
		List<WorseningEvent> events = new ArrayList<>();
		int i = ref + 1;
		while (i < n) {
			double refValue = series.get(ref).value();
			if (!rule.worse(refValue, series.get(i).value())) {
				i++;
				continue;
			}
			// Onset at i: the worsening must hold at every later visit up to the first valid one that is
			// at least the confirmation period away.
			int conf = -1;
			int j = i + 1;
			for (; j < n; j++) {
				if (!rule.worse(refValue, series.get(j).value())) {
					break;
				}
				if (valid[j] && day[j] - day[i] >= confirmationDays) {
					conf = j;
					break;
				}
			}
			if (conf < 0) {
				// Any later onset before j would fail at j too (or run out of visits): skip past it.
				if (j >= n) {
					break;
				}
				i = j + 1;
				continue;
			}
			events.add(new WorseningEvent(measure, series.get(ref), series.get(i), series.get(conf),
					classify(day[i], day[conf], relapses)));
			if (settings.reference() == ReferenceMode.FIXED) {
				break;
			}
			ref = conf;
			i = conf + 1;
		}
		return new ProgressionResult(measure, firstValid, last, events);
	}

	private EventClass classify(long onset, long confirmation, RelapseTimeline relapses) {
		if (relapses.anyBetween(onset - settings.rawWindowDays(), onset)) {
			return EventClass.RAW;
		}
		boolean quietAtOnset = !relapses.anyBetween(onset - settings.piraDaysBefore(), onset + settings.piraDaysAfter());
		boolean quietAtConfirmation = !relapses.anyBetween(confirmation - settings.piraDaysBefore(),
				confirmation + settings.piraDaysAfter());
		return quietAtOnset && quietAtConfirmation ? EventClass.PIRA : EventClass.UNDETERMINED;
	}
}

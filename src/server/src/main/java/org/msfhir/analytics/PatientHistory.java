package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the analytics need about one patient: measurement series per measure, relapse onset dates
 * and MRI assessments. The constructor sorts by date (stable: same-day values keep their order) and
 * removes duplicate relapse onset dates (one relapse recorded twice); the lists are immutable.
 */
public record PatientHistory(Map<Measure, List<Measurement>> measurements, List<LocalDate> relapseOnsets,
		List<MriAssessment> mriAssessments) {

	public PatientHistory {
		Map<Measure, List<Measurement>> m = new EnumMap<>(Measure.class);
		measurements.forEach((k, v) -> {
			List<Measurement> sorted = new ArrayList<>(v);
			sorted.sort(Comparator.comparing(Measurement::date));
			m.put(k, List.copyOf(sorted));
		});
		measurements = Map.copyOf(m);
		relapseOnsets = relapseOnsets.stream().distinct().sorted().toList();
		mriAssessments = mriAssessments.stream().sorted(Comparator.comparing(MriAssessment::date)).toList();
	}

	/** The series of a measure, empty if none. */
	public List<Measurement> series(Measure measure) {
		return measurements.getOrDefault(measure, List.of());
	}

	/** Whether any measure was assessed on a date in the window (a clinical visit). */
	public boolean hasVisitIn(DateWindow window) {
		for (List<Measurement> series : measurements.values()) {
			for (Measurement x : series) {
				if (window.contains(x.date())) {
					return true;
				}
			}
		}
		return false;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Collects a history in any order. */
	public static final class Builder {
		private final Map<Measure, List<Measurement>> measurements = new EnumMap<>(Measure.class);
		private final List<LocalDate> relapses = new ArrayList<>();
		private final List<MriAssessment> mris = new ArrayList<>();

		public Builder measurement(Measure measure, LocalDate date, double value) {
			measurements.computeIfAbsent(measure, k -> new ArrayList<>()).add(new Measurement(date, value));
			return this;
		}

		public Builder relapse(LocalDate onset) {
			relapses.add(onset);
			return this;
		}

		public Builder mri(LocalDate date, int newOrEnlargingT2, int gdEnhancing) {
			mris.add(new MriAssessment(date, newOrEnlargingT2, gdEnhancing));
			return this;
		}

		public PatientHistory build() {
			return new PatientHistory(measurements, relapses, mris);
		}
	}
}

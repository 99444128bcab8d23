package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;

/** Relapse counts over time. Relapse onset dates may be in any order. */
public final class RelapseMetrics {

	/** Days per year used to annualise (Julian year). */
	public static final double DAYS_PER_YEAR = 365.25;

	private RelapseMetrics() {
	}

	/**
	 * Annualised relapse rate: relapse onsets in [from, to) divided by the window length in years
	 * (days / 365.25). Duplicate onset dates count once.
	 */
	public static double annualisedRelapseRate(List<LocalDate> relapseOnsets, DateWindow window) {
		RelapseTimeline t = RelapseTimeline.of(relapseOnsets.stream().distinct().toList());
		int count = t.countBetween(window.from().toEpochDay(), window.to().toEpochDay());
		return count / (window.days() / DAYS_PER_YEAR);
	}

	/** Days from the latest relapse onset on or before {@code asOf} to {@code asOf}; empty if none. */
	public static OptionalLong daysSinceLastRelapse(List<LocalDate> relapseOnsets, LocalDate asOf) {
		long day = asOf.toEpochDay();
		OptionalLong last = RelapseTimeline.of(relapseOnsets).lastOnOrBefore(day);
		return last.isPresent() ? OptionalLong.of(day - last.getAsLong()) : OptionalLong.empty();
	}
}

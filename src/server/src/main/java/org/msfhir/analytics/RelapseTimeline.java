package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Relapse onsets as sorted epoch days, for O(log n) window questions. */
final class RelapseTimeline {

	private final long[] days;

	private RelapseTimeline(long[] days) {
		this.days = days;
	}

	/** From onsets in any order; duplicates are harmless. */
	static RelapseTimeline of(List<LocalDate> onsets) {
		long[] d = new long[onsets.size()];
		for (int i = 0; i < d.length; i++) {
			d[i] = onsets.get(i).toEpochDay();
		}
		Arrays.sort(d);
		return new RelapseTimeline(d);
	}

	/** Is there an onset in [lo, hi], both inclusive? */
	boolean anyBetween(long lo, long hi) {
		int i = lowerBound(lo);
		return i < days.length && days[i] <= hi;
	}

	/** Number of onsets in [lo, hiExclusive). */
	int countBetween(long lo, long hiExclusive) {
		return lowerBound(hiExclusive) - lowerBound(lo);
	}

	/** The latest onset on or before the day. */
	OptionalLong lastOnOrBefore(long day) {
		int i = lowerBound(day + 1) - 1;
		return i >= 0 ? OptionalLong.of(days[i]) : OptionalLong.empty();
	}

	/** First index whose day is >= key. */
	private int lowerBound(long key) {
		int lo = 0;
		int hi = days.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (days[mid] < key) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
}

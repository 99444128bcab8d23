package org.msfhir.tools.benchmark;

import java.util.Arrays;

/** Percentiles of a set of latencies in milliseconds (nearest-rank). */
public record LatencyStats(int count, double mean, double p50, double p95, double p99, double max) {

	public static LatencyStats of(double[] millis) {
		if (millis.length == 0) {
			return new LatencyStats(0, 0, 0, 0, 0, 0);
		}
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		return new LatencyStats(sorted.length, Arrays.stream(sorted).average().orElse(0),
				rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
	}

	static double rank(double[] sorted, double percentile) {
		int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}
}

package org.msfhir.cohort;

import java.math.BigDecimal;

/**
 * The numeric criteria computed from patients' analytics inputs ({@code org.msfhir.analytics}), each a
 * pair of parameters {@code <name>-min} / {@code <name>-max} with inclusive bounds. Rules in
 * docs/cohorts.md.
 */
public enum AnalyticBound {
	/** Relapse onsets in the window (one per day). */
	RELAPSE_COUNT("relapse-count", true, 0, 10000, true, false),
	/** Annualised relapse rate in the window (RelapseMetrics). */
	RELAPSE_RATE("relapse-rate", false, 0, 10000, true, false),
	/** Last minus first EDSS in the window (two visits needed). */
	EDSS_CHANGE("edss-change", false, -10, 10, true, false),
	/** Latest timed 25-foot walk (seconds) on or before the evaluation date. */
	T25FW("t25fw", false, 0, 180, false, false),
	/** Latest 9-hole peg test (seconds, mean of both hands) on or before the evaluation date. */
	NHPT("9hpt", false, 0, 300, false, false),
	/** Latest SDMT (correct answers) on or before the evaluation date. */
	SDMT("sdmt", false, 0, 110, false, false),
	/** Latest MFIS total (0-84) on or before the evaluation date. */
	MFIS("mfis", false, 0, 84, false, true),
	/** Latest pain score (0-10) on or before the evaluation date. */
	PAIN("pain", false, 0, 10, false, true),
	/** Distinct DMTs started on or before the evaluation date. */
	LINES_OF_THERAPY("lines-of-therapy", true, 0, 1000, false, true),
	/** Times a DMT was followed by a different DMT, in start order, up to the evaluation date. */
	SWITCHES("switches", true, 0, 1000, false, true);

	private final String parameter;
	private final boolean integer;
	private final BigDecimal lowest;
	private final BigDecimal highest;
	private final boolean windowed;
	private final boolean needsSummaryData;

	AnalyticBound(String parameter, boolean integer, int lowest, int highest, boolean windowed, boolean needsSummaryData) {
		this.parameter = parameter;
		this.integer = integer;
		this.lowest = BigDecimal.valueOf(lowest);
		this.highest = BigDecimal.valueOf(highest);
		this.windowed = windowed;
		this.needsSummaryData = needsSummaryData;
	}

	/** The criterion's name: the parameters are {@code name-min} and {@code name-max}. */
	public String parameter() {
		return parameter;
	}

	public String minParameter() {
		return parameter + "-min";
	}

	public String maxParameter() {
		return parameter + "-max";
	}

	/** Whether the bounds are whole numbers (valueInteger). */
	public boolean integer() {
		return integer;
	}

	public BigDecimal lowest() {
		return lowest;
	}

	public BigDecimal highest() {
		return highest;
	}

	/** Whether the criterion is evaluated over the window {@code period-start} .. {@code period-end}. */
	public boolean windowed() {
		return windowed;
	}

	/** Whether it needs symptoms or MedicationStatements besides the progression inputs. */
	boolean needsSummaryData() {
		return needsSummaryData;
	}

	/** The bound named by a {@code -min}/{@code -max} parameter, or null. */
	public static AnalyticBound ofParameter(String name) {
		for (AnalyticBound bound : values()) {
			if (bound.minParameter().equals(name) || bound.maxParameter().equals(name)) {
				return bound;
			}
		}
		return null;
	}

	/** The bound whose criterion name is {@code parameter}, or null. */
	public static AnalyticBound ofName(String parameter) {
		for (AnalyticBound bound : values()) {
			if (bound.parameter.equals(parameter)) {
				return bound;
			}
		}
		return null;
	}
}

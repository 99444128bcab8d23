package org.msfhir.analytics;

/**
 * The disability measures the progression engine knows, with the direction of worsening.
 *
 * <p>{@link #NHPT} is one 9-hole peg test series. The engine does not care which: the caller decides
 * whether it passes the mean of both hands (the Observation value, or the mean of the two hand
 * components when both are present: the default reading) or runs the engine once per hand.
 */
public enum Measure {
	/** Expanded Disability Status Scale, 0-10; higher is worse. */
	EDSS(true),
	/** Timed 25-foot walk, seconds; higher is worse. */
	T25FW(true),
	/** 9-hole peg test, seconds; higher is worse. */
	NHPT(true),
	/** Symbol Digit Modalities Test, correct answers; lower is worse. */
	SDMT(false);

	private final boolean higherIsWorse;

	Measure(boolean higherIsWorse) {
		this.higherIsWorse = higherIsWorse;
	}

	/** True when a larger value means more disability. */
	public boolean higherIsWorse() {
		return higherIsWorse;
	}
}

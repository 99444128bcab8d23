package org.msfhir.analytics;

/** Whether a value is a worsening from a reference, for one measure under one set of settings. */
final class WorseningRule {

	/** Absorbs binary rounding, so that e.g. 6.0 s from 5.0 s is exactly the 20 % it is on paper. */
	static final double EPS = 1e-9;

	private final Measure measure;
	private final ProgressionSettings s;

	WorseningRule(Measure measure, ProgressionSettings s) {
		this.measure = measure;
		this.s = s;
	}

	/** The EDSS increase needed from this reference. */
	double edssDelta(double reference) {
		if (reference <= EPS) {
			return s.edssDeltaFromZero();
		}
		return reference <= s.edssBoundary() + EPS ? s.edssDeltaUpToBoundary() : s.edssDeltaAboveBoundary();
	}

	boolean worse(double reference, double value) {
		return switch (measure) {
			case EDSS -> value - reference >= edssDelta(reference) - EPS;
			// A relative change from a non-positive time is meaningless: never a worsening.
			case T25FW, NHPT -> reference > 0 && value - reference >= s.timedTestFraction() * reference - EPS;
			case SDMT -> sdmtWorse(reference, value);
		};
	}

	private boolean sdmtWorse(double reference, double value) {
		double drop = reference - value;
		if (drop <= 0) {
			return false;
		}
		boolean points = drop >= s.sdmtPoints() - EPS;
		boolean percent = reference > 0 && drop >= s.sdmtFraction() * reference - EPS;
		return switch (s.sdmtRule()) {
			case POINTS -> points;
			case PERCENT -> percent;
			case EITHER -> points || percent;
			case BOTH -> points && percent;
		};
	}
}

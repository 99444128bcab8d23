package org.msfhir.analytics;

/** Which SDMT drop counts as worsening: an absolute drop in points, a relative drop, or a combination. */
public enum SdmtRule {
	/** Drop of at least {@code sdmtPoints} points. */
	POINTS,
	/** Drop of at least {@code sdmtFraction} of the reference. */
	PERCENT,
	/** Either of the two (the default). */
	EITHER,
	/** Both at once. */
	BOTH
}

package org.msfhir.analytics;

/** The Lublin 2014 activity qualifier over an assessment period. */
public enum LublinActivity {
	/** A relapse onset or an active MRI in the period. */
	ACTIVE,
	/** Assessed (an MRI or a clinical visit in the period) without activity. */
	NOT_ACTIVE,
	/** Not assessed in the period. */
	INDETERMINATE
}

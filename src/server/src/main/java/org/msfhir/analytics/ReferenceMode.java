package org.msfhir.analytics;

/** How the reference (baseline) value of a measure is chosen. */
public enum ReferenceMode {
	/**
	 * The first valid visit stays the reference for the whole follow-up. Yields at most one event per
	 * measure: the "time to first confirmed worsening" endpoint of trials.
	 */
	FIXED,
	/**
	 * After each confirmed worsening the reference moves to the confirmation visit (its date and value),
	 * and the search for the next onset starts after that visit. Improvements do not move the reference.
	 */
	ROVING
}

package org.msfhir.analytics;

/**
 * A confirmed worsening of one measure.
 *
 * @param reference      the reference visit the change is measured from
 * @param onset          the first visit at which the worsening was reached
 * @param confirmation   the first valid visit at least the confirmation period after the onset; the
 *                       worsening held at every visit from the onset up to and including this one
 * @param classification RAW, PIRA or UNDETERMINED
 */
public record WorseningEvent(Measure measure, Measurement reference, Measurement onset, Measurement confirmation,
		EventClass classification) {
}

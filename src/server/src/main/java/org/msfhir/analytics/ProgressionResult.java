package org.msfhir.analytics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * The confirmed worsenings of one measure of one patient.
 *
 * @param firstValidVisit the first visit outside every relapse exclusion window (the first reference);
 *                        null when there is none, and then there are no events
 * @param lastVisit       the last visit of the series, null for an empty series
 * @param events          confirmed worsenings in onset order
 */
public record ProgressionResult(Measure measure, LocalDate firstValidVisit, LocalDate lastVisit,
		List<WorseningEvent> events) {

	public ProgressionResult {
		events = List.copyOf(events);
	}

	/** Days from the first valid visit to the onset of the first event; empty without an event. */
	public OptionalLong daysToFirstEvent() {
		return events.isEmpty() ? OptionalLong.empty()
				: OptionalLong.of(ChronoUnit.DAYS.between(firstValidVisit, events.get(0).onset().date()));
	}

	/** Days from the first valid visit to the last visit (the censoring time without an event); 0 without one. */
	public long followUpDays() {
		return firstValidVisit == null ? 0 : ChronoUnit.DAYS.between(firstValidVisit, lastVisit);
	}

	public boolean hasEvent() {
		return !events.isEmpty();
	}

	public long count(EventClass c) {
		return events.stream().filter(e -> e.classification() == c).count();
	}
}

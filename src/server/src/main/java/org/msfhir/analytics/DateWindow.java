package org.msfhir.analytics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** A half-open date range [from, to): {@code from} is included, {@code to} is not. */
public record DateWindow(LocalDate from, LocalDate to) {

	public DateWindow {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("window must end after it starts: [" + from + ", " + to + ")");
		}
	}

	/** The calendar year: [1 January year, 1 January year+1). */
	public static DateWindow calendarYear(int year) {
		return new DateWindow(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1));
	}

	public boolean contains(LocalDate date) {
		return !date.isBefore(from) && date.isBefore(to);
	}

	public long days() {
		return ChronoUnit.DAYS.between(from, to);
	}
}

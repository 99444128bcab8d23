package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.Objects;

/** One assessment of a measure: the visit date and the value (EDSS score, seconds, SDMT score). */
public record Measurement(LocalDate date, double value) {

	public Measurement {
		Objects.requireNonNull(date, "date");
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("value must be a finite number, was " + value);
		}
	}

	/** Shorthand for tests and callers with ISO dates. */
	public static Measurement of(String isoDate, double value) {
		return new Measurement(LocalDate.parse(isoDate), value);
	}
}

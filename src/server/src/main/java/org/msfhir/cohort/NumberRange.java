package org.msfhir.cohort;

import java.math.BigDecimal;

/** Inclusive bounds of a numeric criterion; a null bound is open. */
public record NumberRange(BigDecimal min, BigDecimal max) {

	public boolean contains(double value) {
		return (min == null || value >= min.doubleValue() - 1e-9) && (max == null || value <= max.doubleValue() + 1e-9);
	}

	public boolean isEmpty() {
		return min == null && max == null;
	}
}

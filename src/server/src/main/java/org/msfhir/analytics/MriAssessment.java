package org.msfhir.analytics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One brain/spinal MRI read: the number of new or enlarging T2 lesions (against the previous scan)
 * and of gadolinium-enhancing lesions.
 */
public record MriAssessment(LocalDate date, int newOrEnlargingT2, int gdEnhancing) {

	public MriAssessment {
		Objects.requireNonNull(date, "date");
		if (newOrEnlargingT2 < 0 || gdEnhancing < 0) {
			throw new IllegalArgumentException("lesion counts must not be negative");
		}
	}

	/** MRI activity in the Lublin / NEDA sense: any new or enlarging T2 lesion or any Gd-enhancing lesion. */
	public boolean active() {
		return newOrEnlargingT2 > 0 || gdEnhancing > 0;
	}
}

package org.msfhir.analytics;

import java.util.Objects;

/**
 * Every threshold of the analytics, with the defaults of {@link #defaults()}. All day windows are
 * inclusive at both ends (a relapse exactly 90 days before an onset is "within 90 days").
 *
 * @param reference                 FIXED or ROVING reference (default ROVING)
 * @param edssDeltaFromZero         EDSS increase needed from a reference of 0 (default 1.5)
 * @param edssDeltaUpToBoundary     EDSS increase needed from a reference above 0 up to and including
 *                                  {@code edssBoundary} (default 1.0)
 * @param edssDeltaAboveBoundary    EDSS increase needed from a reference above {@code edssBoundary} (default 0.5)
 * @param edssBoundary              highest reference that still needs {@code edssDeltaUpToBoundary} (default 5.0;
 *                                  5.5 gives the "+1.0 up to and including 5.5" convention)
 * @param confirmationWeeks         minimum distance of the confirmation visit from the onset (default 24)
 * @param relapseExclusionDays      visits 0..N days after a relapse onset are neither reference nor
 *                                  confirmation (default 30)
 * @param rawWindowDays             onset 0..N days after a relapse onset makes the event RAW (default 90)
 * @param piraDaysBefore            relapse-free days needed before the onset and before the confirmation
 *                                  for PIRA (default 90)
 * @param piraDaysAfter             relapse-free days needed after the onset and after the confirmation
 *                                  for PIRA (default 30)
 * @param timedTestFraction         relative increase of T25FW and 9HPT times that is worsening (default 0.20)
 * @param sdmtPoints                SDMT drop in points that is worsening (default 3)
 * @param sdmtFraction              relative SDMT drop that is worsening (default 0.10)
 * @param sdmtRule                  which SDMT criterion applies (default EITHER)
 * @param progressionIncludesRaw    whether a RAW event counts for the Lublin "with progression" qualifier
 *                                  (default false: only PIRA and UNDETERMINED events count)
 */
public record ProgressionSettings(
		ReferenceMode reference,
		double edssDeltaFromZero,
		double edssDeltaUpToBoundary,
		double edssDeltaAboveBoundary,
		double edssBoundary,
		int confirmationWeeks,
		int relapseExclusionDays,
		int rawWindowDays,
		int piraDaysBefore,
		int piraDaysAfter,
		double timedTestFraction,
		double sdmtPoints,
		double sdmtFraction,
		SdmtRule sdmtRule,
		boolean progressionIncludesRaw) {

	public ProgressionSettings {
		Objects.requireNonNull(reference, "reference");
		Objects.requireNonNull(sdmtRule, "sdmtRule");
		positive(edssDeltaFromZero, "edssDeltaFromZero");
		positive(edssDeltaUpToBoundary, "edssDeltaUpToBoundary");
		positive(edssDeltaAboveBoundary, "edssDeltaAboveBoundary");
		positive(timedTestFraction, "timedTestFraction");
		positive(sdmtPoints, "sdmtPoints");
		positive(sdmtFraction, "sdmtFraction");
		if (!(edssBoundary >= 0 && edssBoundary <= 10)) {
			throw new IllegalArgumentException("edssBoundary must be within 0..10");
		}
		if (confirmationWeeks < 1) {
			throw new IllegalArgumentException("confirmationWeeks must be at least 1");
		}
		if (relapseExclusionDays < 0 || rawWindowDays < 0 || piraDaysBefore < 0 || piraDaysAfter < 0) {
			throw new IllegalArgumentException("day windows must not be negative");
		}
	}

	private static void positive(double v, String name) {
		if (!(v > 0) || !Double.isFinite(v)) {
			throw new IllegalArgumentException(name + " must be a positive number");
		}
	}

	/** The defaults listed on the record components. */
	public static ProgressionSettings defaults() {
		return new ProgressionSettings(ReferenceMode.ROVING, 1.5, 1.0, 0.5, 5.0, 24, 30, 90, 90, 30,
				0.20, 3, 0.10, SdmtRule.EITHER, false);
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some settings of a record; {@link #build()} validates. */
	public static final class Builder {
		private ReferenceMode reference;
		private double edssDeltaFromZero, edssDeltaUpToBoundary, edssDeltaAboveBoundary, edssBoundary;
		private int confirmationWeeks, relapseExclusionDays, rawWindowDays, piraDaysBefore, piraDaysAfter;
		private double timedTestFraction, sdmtPoints, sdmtFraction;
		private SdmtRule sdmtRule;
		private boolean progressionIncludesRaw;

		private Builder(ProgressionSettings s) {
			reference = s.reference;
			edssDeltaFromZero = s.edssDeltaFromZero;
			edssDeltaUpToBoundary = s.edssDeltaUpToBoundary;
			edssDeltaAboveBoundary = s.edssDeltaAboveBoundary;
			edssBoundary = s.edssBoundary;
			confirmationWeeks = s.confirmationWeeks;
			relapseExclusionDays = s.relapseExclusionDays;
			rawWindowDays = s.rawWindowDays;
			piraDaysBefore = s.piraDaysBefore;
			piraDaysAfter = s.piraDaysAfter;
			timedTestFraction = s.timedTestFraction;
			sdmtPoints = s.sdmtPoints;
			sdmtFraction = s.sdmtFraction;
			sdmtRule = s.sdmtRule;
			progressionIncludesRaw = s.progressionIncludesRaw;
		}

		public Builder reference(ReferenceMode v) { reference = v; return this; }
		public Builder edssDeltaFromZero(double v) { edssDeltaFromZero = v; return this; }
		public Builder edssDeltaUpToBoundary(double v) { edssDeltaUpToBoundary = v; return this; }
		public Builder edssDeltaAboveBoundary(double v) { edssDeltaAboveBoundary = v; return this; }
		public Builder edssBoundary(double v) { edssBoundary = v; return this; }
		public Builder confirmationWeeks(int v) { confirmationWeeks = v; return this; }
		public Builder relapseExclusionDays(int v) { relapseExclusionDays = v; return this; }
		public Builder rawWindowDays(int v) { rawWindowDays = v; return this; }
		public Builder piraDaysBefore(int v) { piraDaysBefore = v; return this; }
		public Builder piraDaysAfter(int v) { piraDaysAfter = v; return this; }
		public Builder timedTestFraction(double v) { timedTestFraction = v; return this; }
		public Builder sdmtPoints(double v) { sdmtPoints = v; return this; }
		public Builder sdmtFraction(double v) { sdmtFraction = v; return this; }
		public Builder sdmtRule(SdmtRule v) { sdmtRule = v; return this; }
		public Builder progressionIncludesRaw(boolean v) { progressionIncludesRaw = v; return this; }

		public ProgressionSettings build() {
			return new ProgressionSettings(reference, edssDeltaFromZero, edssDeltaUpToBoundary,
					edssDeltaAboveBoundary, edssBoundary, confirmationWeeks, relapseExclusionDays, rawWindowDays,
					piraDaysBefore, piraDaysAfter, timedTestFraction, sdmtPoints, sdmtFraction, sdmtRule,
					progressionIncludesRaw);
		}
	}
}

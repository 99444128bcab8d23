package org.msfhir.tools.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.msfhir.guide.MsTerminology;

/**
 * Rules of the Kurtzke EDSS used by the generator: the 20 allowed totals, the ranges of the eight
 * functional systems (FS) and a set of FS grades that fits a given total. Totals 0-4.0 are defined by
 * the FS grades; from 4.5 on the walking range defines the step and the FS grades only have to be at
 * least as bad as step 4.0.
 */
public final class EdssScale {

	/** Functional systems in CDISC KFSS order, with their ms-concepts codes. */
	public enum FunctionalSystem {
		PYRAMIDAL(MsTerminology.MSC_EDSS_FS_PYRAMIDAL, 6),
		CEREBELLAR(MsTerminology.MSC_EDSS_FS_CEREBELLAR, 5),
		BRAINSTEM(MsTerminology.MSC_EDSS_FS_BRAINSTEM, 5),
		SENSORY(MsTerminology.MSC_EDSS_FS_SENSORY, 6),
		BOWEL_BLADDER(MsTerminology.MSC_EDSS_FS_BOWEL_BLADDER, 6),
		VISUAL(MsTerminology.MSC_EDSS_FS_VISUAL, 6),
		CEREBRAL(MsTerminology.MSC_EDSS_FS_CEREBRAL, 5),
		OTHER(MsTerminology.MSC_EDSS_FS_OTHER, 1);

		private final String code;
		private final int maxGrade;

		FunctionalSystem(String code, int maxGrade) {
			this.code = code;
			this.maxGrade = maxGrade;
		}

		public String code() {
			return code;
		}

		public int maxGrade() {
			return maxGrade;
		}
	}

	private static final FunctionalSystem[] FS = FunctionalSystem.values();

	/** Systems a small lesion load typically shows up in first (relapsing MS). */
	private static final FunctionalSystem[] EARLY = {
		FunctionalSystem.SENSORY, FunctionalSystem.VISUAL, FunctionalSystem.PYRAMIDAL,
		FunctionalSystem.BRAINSTEM, FunctionalSystem.CEREBELLAR
	};

	/** Systems that carry progressive disability (walking, coordination, bladder). */
	private static final FunctionalSystem[] PROGRESSIVE = {
		FunctionalSystem.PYRAMIDAL, FunctionalSystem.CEREBELLAR, FunctionalSystem.BOWEL_BLADDER,
		FunctionalSystem.SENSORY
	};

	private EdssScale() {}

	/** 0, 1.0, 1.5, ... 10.0: the 20 allowed totals (0.5 does not exist). */
	public static List<Double> validTotals() {
		List<Double> values = new ArrayList<>();
		values.add(0.0);
		for (int i = 2; i <= 20; i++) {
			values.add(i / 2.0);
		}
		return values;
	}

	public static boolean isValidTotal(double value) {
		return validTotals().contains(value);
	}

	/** Nearest allowed total of a latent disability value (0.5 rounds to 1.0). */
	public static double nearestTotal(double latent) {
		double clamped = Math.max(0, Math.min(10, latent));
		double half = Math.round(clamped * 2) / 2.0;
		if (half == 0.5) {
			return clamped < 0.5 ? 0.0 : 1.0;
		}
		return half;
	}

	/**
	 * Walking range in metres that defines steps 4.0 to 7.0 (4.0: 500 m unaided ... 7.0: under 5 m);
	 * {@code null} below 4.0 (not limiting) and above 7.0 (not walking).
	 */
	public static Integer ambulationMetres(double total) {
		if (total < 4.0 || total > 7.0) {
			return null;
		}
		if (total == 4.0) return 500;
		if (total == 4.5) return 300;
		if (total == 5.0) return 200;
		if (total == 5.5) return 100;
		if (total == 6.0) return 100;
		if (total == 6.5) return 20;
		return 4;
	}

	/**
	 * FS grades (in {@link FunctionalSystem} order) consistent with the total: the Kurtzke definitions
	 * for 0-4.0, and for higher steps a pattern at least as severe as 4.0 that worsens with the total.
	 */
	public static int[] functionalSystemsFor(double total, boolean progressive, RandomGenerator rnd) {
		int[] g = new int[FS.length];
		FunctionalSystem[] pool = progressive ? PROGRESSIVE : EARLY;
		if (total == 0) {
			return g;
		}
		if (total == 1.0) {
			set(g, pick(pool, rnd), 1);
		} else if (total == 1.5) {
			setDistinct(g, pool, 2 + rnd.nextInt(2), 1, rnd);
		} else if (total == 2.0) {
			set(g, pick(pool, rnd), 2);
			sprinkleOnes(g, rnd);
		} else if (total == 2.5) {
			setDistinct(g, pool, 2, 2, rnd);
			sprinkleOnes(g, rnd);
		} else if (total == 3.0) {
			if (rnd.nextDouble() < 0.6) {
				set(g, pick(pool, rnd), 3);
			} else {
				setDistinct(g, FS, 3 + rnd.nextInt(2), 2, rnd);
			}
			sprinkleOnes(g, rnd);
		} else if (total == 3.5) {
			FunctionalSystem main = pick(pool, rnd);
			set(g, main, 3);
			if (rnd.nextDouble() < 0.7) {
				setDistinctExcept(g, 1 + rnd.nextInt(2), 2, main, rnd);
			} else {
				setDistinctExcept(g, 1, 3, main, rnd);
			}
			sprinkleOnes(g, rnd);
		} else if (total == 4.0) {
			FunctionalSystem main = pick(pool, rnd);
			set(g, main, 4);
			sprinkleOnes(g, rnd);
		} else {
			severePattern(g, total, rnd);
		}
		return g;
	}

	/** Steps 4.5 and up: pyramidal carries walking disability, other systems add up with the step. */
	private static void severePattern(int[] g, double total, RandomGenerator rnd) {
		int pyramidal = total < 6.0 ? 3 + rnd.nextInt(2) : total < 8.0 ? 4 + rnd.nextInt(2) : 5 + rnd.nextInt(2);
		set(g, FunctionalSystem.PYRAMIDAL, pyramidal);
		int secondGrade = total < 6.0 ? 3 : total < 7.0 ? 3 + rnd.nextInt(2) : 4;
		FunctionalSystem second = rnd.nextBoolean() ? FunctionalSystem.CEREBELLAR : FunctionalSystem.SENSORY;
		set(g, second, Math.min(secondGrade, second.maxGrade()));
		if (total >= 6.0) {
			set(g, FunctionalSystem.BOWEL_BLADDER, 3 + (total >= 7.0 ? rnd.nextInt(2) : 0));
		}
		for (FunctionalSystem fs : new FunctionalSystem[] {
			FunctionalSystem.BRAINSTEM, FunctionalSystem.VISUAL, FunctionalSystem.CEREBRAL
		}) {
			if (g[fs.ordinal()] == 0) {
				g[fs.ordinal()] = rnd.nextInt(total >= 6.0 ? 3 : 2);
			}
		}
		g[FunctionalSystem.OTHER.ordinal()] = rnd.nextDouble() < 0.3 ? 1 : 0;
	}

	private static FunctionalSystem pick(FunctionalSystem[] pool, RandomGenerator rnd) {
		return pool[rnd.nextInt(pool.length)];
	}

	private static void set(int[] g, FunctionalSystem fs, int grade) {
		g[fs.ordinal()] = grade;
	}

	private static void setDistinct(int[] g, FunctionalSystem[] pool, int count, int grade, RandomGenerator rnd) {
		List<FunctionalSystem> candidates = new ArrayList<>();
		for (FunctionalSystem fs : pool) {
			if (fs.maxGrade() >= grade) candidates.add(fs);
		}
		for (FunctionalSystem fs : FS) {
			if (candidates.size() >= count) break;
			if (!candidates.contains(fs) && fs.maxGrade() >= grade) candidates.add(fs);
		}
		for (int i = 0; i < count; i++) {
			FunctionalSystem fs = candidates.remove(rnd.nextInt(candidates.size()));
			g[fs.ordinal()] = grade;
		}
	}

	private static void setDistinctExcept(int[] g, int count, int grade, FunctionalSystem except, RandomGenerator rnd) {
		List<FunctionalSystem> candidates = new ArrayList<>();
		for (FunctionalSystem fs : FS) {
			if (fs != except && fs.maxGrade() >= grade && g[fs.ordinal()] == 0) candidates.add(fs);
		}
		for (int i = 0; i < count; i++) {
			FunctionalSystem fs = candidates.remove(rnd.nextInt(candidates.size()));
			g[fs.ordinal()] = grade;
		}
	}

	/** Up to two further systems with minimal signs (grade 1), which never changes the step. */
	private static void sprinkleOnes(int[] g, RandomGenerator rnd) {
		int extra = rnd.nextInt(3);
		for (int i = 0; i < extra; i++) {
			int idx = rnd.nextInt(FS.length);
			if (g[idx] == 0) g[idx] = 1;
		}
	}
}

package org.msfhir.analytics;

/**
 * NEDA-3 and the Lublin 2014 qualifiers over a window [from, to). The EDSS events are taken from a
 * {@link PatientProgression}; with a FIXED reference only the first worsening is known, so use ROVING
 * (the default) for year-by-year questions.
 */
public final class DiseaseActivity {

	private DiseaseActivity() {
	}

	/**
	 * NEDA-3: NOT_ACHIEVED on any relapse onset, confirmed EDSS worsening onset (any class, confirmed
	 * whenever) or active MRI in the window; otherwise ACHIEVED if at least one MRI lies in the window,
	 * else NOT_EVALUABLE. Evidence of activity decides even without an MRI.
	 */
	public static Neda3Status neda3(PatientHistory history, PatientProgression progression, DateWindow window) {
		boolean mriSeen = false;
		for (MriAssessment mri : history.mriAssessments()) {
			if (window.contains(mri.date())) {
				if (mri.active()) {
					return Neda3Status.NOT_ACHIEVED;
				}
				mriSeen = true;
			}
		}
		if (relapseIn(history, window) || edssOnsetIn(progression, window, true)) {
			return Neda3Status.NOT_ACHIEVED;
		}
		return mriSeen ? Neda3Status.ACHIEVED : Neda3Status.NOT_EVALUABLE;
	}

	/**
	 * Lublin activity: ACTIVE on a relapse onset or an active MRI in the window; NOT_ACTIVE if an MRI or a
	 * clinical visit (an assessment of any measure) lies in the window; otherwise INDETERMINATE.
	 */
	public static LublinActivity lublinActivity(PatientHistory history, DateWindow window) {
		boolean assessed = false;
		for (MriAssessment mri : history.mriAssessments()) {
			if (window.contains(mri.date())) {
				if (mri.active()) {
					return LublinActivity.ACTIVE;
				}
				assessed = true;
			}
		}
		if (relapseIn(history, window)) {
			return LublinActivity.ACTIVE;
		}
		return assessed || history.hasVisitIn(window) ? LublinActivity.NOT_ACTIVE : LublinActivity.INDETERMINATE;
	}

	/**
	 * Lublin progression (meaningful for SPMS and PPMS only; the caller decides): WITH_PROGRESSION if a
	 * confirmed EDSS worsening has its onset in the window, counting RAW events only when
	 * {@link ProgressionSettings#progressionIncludesRaw()}; otherwise WITHOUT_PROGRESSION if an EDSS
	 * assessment lies in the window, else INDETERMINATE.
	 */
	public static LublinProgression lublinProgression(PatientHistory history, PatientProgression progression,
			DateWindow window) {
		if (edssOnsetIn(progression, window, progression.settings().progressionIncludesRaw())) {
			return LublinProgression.WITH_PROGRESSION;
		}
		for (Measurement m : history.series(Measure.EDSS)) {
			if (window.contains(m.date())) {
				return LublinProgression.WITHOUT_PROGRESSION;
			}
		}
		return LublinProgression.INDETERMINATE;
	}

	private static boolean relapseIn(PatientHistory history, DateWindow window) {
		for (var onset : history.relapseOnsets()) {
			if (window.contains(onset)) {
				return true;
			}
		}
		return false;
	}

	private static boolean edssOnsetIn(PatientProgression progression, DateWindow window, boolean includeRaw) {
		for (WorseningEvent e : progression.result(Measure.EDSS).events()) {
			if (window.contains(e.onset().date()) && (includeRaw || e.classification() != EventClass.RAW)) {
				return true;
			}
		}
		return false;
	}
}

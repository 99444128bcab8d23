package org.msfhir.analytics;

/** NEDA-3 (no evidence of disease activity) over a window. */
public enum Neda3Status {
	/** No relapse, no confirmed EDSS worsening with onset in the window, at least one MRI and none active. */
	ACHIEVED,
	/** A relapse, a confirmed EDSS worsening onset or an active MRI in the window. */
	NOT_ACHIEVED,
	/** No evidence of activity, but no MRI in the window either: NEDA-3 cannot be claimed. */
	NOT_EVALUABLE
}

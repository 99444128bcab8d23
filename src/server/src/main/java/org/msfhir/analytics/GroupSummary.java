package org.msfhir.analytics;

/**
 * Counts over a group of patients for one measure.
 *
 * @param patients                     patients summarised
 * @param patientsWithEvent            patients with at least one confirmed worsening
 * @param patientsWithRaw              patients with at least one RAW event (a patient may count in several classes)
 * @param patientsWithPira             patients with at least one PIRA event
 * @param patientsWithUndetermined     patients with at least one UNDETERMINED event
 * @param events                       all confirmed worsenings
 * @param rawEvents                    RAW events
 * @param piraEvents                   PIRA events
 * @param undeterminedEvents           UNDETERMINED events
 * @param medianDaysToFirstEvent       median days to the first event among patients with one (not a
 *                                     Kaplan-Meier estimate: patients without an event are left out); null if none
 * @param meanAnnualisedRelapseRate    mean ARR over patients with an ARR; null if none
 * @param neda3Achieved                patients with NEDA-3 ACHIEVED
 * @param neda3Evaluable               patients with NEDA-3 ACHIEVED or NOT_ACHIEVED
 * @param neda3Proportion              achieved / evaluable; null if none evaluable
 */
public record GroupSummary(Measure measure, int patients, int patientsWithEvent, int patientsWithRaw,
		int patientsWithPira, int patientsWithUndetermined, int events, int rawEvents, int piraEvents,
		int undeterminedEvents, Double medianDaysToFirstEvent, Double meanAnnualisedRelapseRate, int neda3Achieved,
		int neda3Evaluable, Double neda3Proportion) {
}

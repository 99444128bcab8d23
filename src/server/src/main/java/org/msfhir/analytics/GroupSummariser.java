package org.msfhir.analytics;

import java.util.Arrays;
import java.util.Collection;

/** Summarises many patients' outcomes; a pure function, O(n log n) for the median. */
public final class GroupSummariser {

	private GroupSummariser() {
	}

	public static GroupSummary summarise(Measure measure, Collection<PatientOutcome> outcomes) {
		int withEvent = 0, withRaw = 0, withPira = 0, withUndetermined = 0;
		int raw = 0, pira = 0, undetermined = 0;
		long[] firstDays = new long[outcomes.size()];
		double arrSum = 0;
		int arrCount = 0, achieved = 0, evaluable = 0;
		for (PatientOutcome o : outcomes) {
			ProgressionResult r = o.progression().result(measure);
			int pr = (int) r.count(EventClass.RAW);
			int pp = (int) r.count(EventClass.PIRA);
			int pu = (int) r.count(EventClass.UNDETERMINED);
			raw += pr;
			pira += pp;
			undetermined += pu;
			withRaw += pr > 0 ? 1 : 0;
			withPira += pp > 0 ? 1 : 0;
			withUndetermined += pu > 0 ? 1 : 0;
			if (r.hasEvent()) {
				firstDays[withEvent++] = r.daysToFirstEvent().getAsLong();
			}
			if (o.annualisedRelapseRate() != null) {
				arrSum += o.annualisedRelapseRate();
				arrCount++;
			}
			if (o.neda3() == Neda3Status.ACHIEVED) {
				achieved++;
				evaluable++;
			} else if (o.neda3() == Neda3Status.NOT_ACHIEVED) {
				evaluable++;
			}
		}
		return new GroupSummary(measure, outcomes.size(), withEvent, withRaw, withPira, withUndetermined,
				raw + pira + undetermined, raw, pira, undetermined, median(firstDays, withEvent),
				arrCount == 0 ? null : arrSum / arrCount, achieved, evaluable,
				evaluable == 0 ? null : (double) achieved / evaluable);
	}

	private static Double median(long[] values, int n) {
		if (n == 0) {
			return null;
		}
		Arrays.sort(values, 0, n);
		return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
	}
}

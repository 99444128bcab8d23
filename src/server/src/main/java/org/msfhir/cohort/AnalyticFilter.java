package org.msfhir.cohort;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.msfhir.analytics.fhir.HistoryReader;

/**
 * Applies the {@link AnalyticCriteria} of a criteria group to candidate patients: reads their histories
 * in batches ({@link HistoryReader}: one query per resource type and batch) and keeps those the
 * {@link AnalyticMatcher} accepts.
 */
public class AnalyticFilter {

	private final HistoryReader reader;
	private final AnalyticMatcher matcher;
	private final int batchSize;

	public AnalyticFilter(HistoryReader reader, AnalyticMatcher matcher, int batchSize) {
		this.reader = reader;
		this.matcher = matcher;
		this.batchSize = batchSize;
	}

	/** The candidates that meet the criteria. */
	public Set<String> filter(Set<String> candidates, AnalyticCriteria criteria, LocalDate evaluationDate) {
		checkWindow(criteria, evaluationDate);
		List<String> ids = new ArrayList<>(candidates);
		ids.sort(null);
		Set<String> matching = new HashSet<>();
		for (int from = 0; from < ids.size(); from += batchSize) {
			reader.read(ids.subList(from, Math.min(ids.size(), from + batchSize)), criteria.needsSummaryData())
					.forEach((id, data) -> {
						if (matcher.matches(data, criteria, evaluationDate)) {
							matching.add(id);
						}
					});
		}
		return matching;
	}

	/** A window that starts after it ends (only known with the evaluation date) is a 400. */
	static void checkWindow(AnalyticCriteria criteria, LocalDate evaluationDate) {
		LocalDate start = criteria.start(evaluationDate);
		LocalDate end = criteria.end(evaluationDate);
		if (start.isAfter(end)) {
			throw new InvalidRequestException("Parameter '" + CohortCriteriaParser.PERIOD_START + "' (" + start
					+ ") is after the end of the window (" + end + ", '" + CohortCriteriaParser.PERIOD_END
					+ "' or else the evaluation date)");
		}
	}
}

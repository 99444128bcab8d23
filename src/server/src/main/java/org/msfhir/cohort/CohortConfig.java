package org.msfhir.cohort;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.msfhir.analytics.fhir.DmtTherapy;
import org.msfhir.analytics.fhir.HistoryReader;
import org.msfhir.common.ResourceReader;
import org.msfhir.common.ValueSetCodes;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code $ms-cohort} operation and what it needs; none of it with {@code msfhir.cohort.enabled=false}. */
@Configuration
@ConditionalOnProperty(name = "msfhir.cohort.enabled", matchIfMissing = true)
public class CohortConfig {

	/** Resources loaded per database round trip while evaluating criteria. */
	private static final int BATCH_SIZE = 500;

	/** Patients whose histories are read per round trip for the analytic criteria. */
	private static final int HISTORY_BATCH_SIZE = 200;

	/**
	 * The analytic criteria use the analytics' beans; without them ({@code msfhir.analytics.enabled=false})
	 * those criteria answer 400 and the others work as before.
	 */
	@Bean
	public FhirServerCustomizer cohortCustomizer(FhirContext fhirContext, DaoRegistry daoRegistry, ResourceReader reader,
			ObjectProvider<HistoryReader> historyReader, ObjectProvider<DmtTherapy> dmtTherapy) {
		@SuppressWarnings("unchecked")
		IFhirResourceDao<Group> groupDao = daoRegistry.getResourceDao("Group");
		CohortCriteriaParser parser = new CohortCriteriaParser(url -> valueSetCodes(daoRegistry, url));
		HistoryReader histories = historyReader.getIfAvailable();
		DmtTherapy dmt = dmtTherapy.getIfAvailable();
		AnalyticFilter analytics = histories == null || dmt == null ? null
				: new AnalyticFilter(histories, new AnalyticMatcher(dmt), HISTORY_BATCH_SIZE);
		CohortProvider provider =
				new CohortProvider(fhirContext, groupDao, parser, new CohortEvaluator(reader, BATCH_SIZE, analytics));
		return server -> server.registerProvider(provider);
	}

	/** The {@code system|code} pairs a stored ValueSet lists (expansion, else compose.include concepts). */
	static Set<String> valueSetCodes(DaoRegistry daoRegistry, String url) {
		return ValueSetCodes.listed(valueSetUrl -> storedValueSet(daoRegistry, valueSetUrl), url);
	}

	private static IBaseResource storedValueSet(DaoRegistry daoRegistry, String url) {
		SearchParameterMap map = SearchParameterMap.newSynchronous("url", new UriParam(url));
		var found = daoRegistry.getResourceDao("ValueSet").search(map, new SystemRequestDetails());
		List<IBaseResource> first = found.isEmpty() ? List.of() : found.getResources(0, 1);
		return first.isEmpty() ? null : first.get(0);
	}
}

package org.msfhir.clinical;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;

/**
 * {@code GET [base]/Observation/$lastn?subject=...&code=...&max=N}: the N most recent Observations of
 * each code for each subject (FHIR R4 "Last N Observations Query"), for example the latest EDSS of
 * every patient of a cohort in one request. The other parameters are ordinary Observation search
 * parameters; see {@link LastNQuery}.
 */
public class LastNProvider {

	/** Largest accepted {@code max}: a trend view needs tens, not thousands. */
	static final int MAX_PER_GROUP = 1000;

	private final LastNQuery query;

	public LastNProvider(LastNQuery query) {
		this.query = query;
	}

	@Description(shortDefinition = "The most recent max Observations of each code for each patient; needs patient or"
			+ " subject, takes any Observation search parameter (code, category, date, status ...)")
	@Operation(name = "$lastn", type = Observation.class, idempotent = true)
	public Bundle lastN(
			@Description(shortDefinition = "Observations per subject and code (default 1)")
					@OperationParam(name = "max", min = 0, max = 1)
					IntegerType max,
			RequestDetails request) {
		int perGroup = max == null || max.getValue() == null ? 1 : max.getValue();
		if (perGroup < 1 || perGroup > MAX_PER_GROUP) {
			throw new InvalidRequestException(
					"$lastn: max must be a whole number from 1 to " + MAX_PER_GROUP + ", got " + perGroup);
		}
		List<Observation> latest = query.latest(request.getParameters(), perGroup);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(latest.size());
		bundle.addLink().setRelation("self").setUrl(request.getCompleteUrl());
		for (Observation observation : latest) {
			bundle.addEntry()
					.setFullUrl(request.getFhirServerBase() + "/Observation/" + observation.getIdElement().getIdPart())
					.setResource(observation)
					.getSearch()
					.setMode(Bundle.SearchEntryMode.MATCH);
		}
		return bundle;
	}
}

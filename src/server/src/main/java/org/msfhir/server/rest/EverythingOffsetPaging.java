package org.msfhir.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * Answers {@code GET Patient/[id]/$everything} as an offset query: HAPI then loads the page in the
 * request's own transaction and links the next page as {@code ...$everything?_offset=N&_count=M},
 * instead of registering a stored search (a search row, a background task and a second transaction
 * to load the resources) that a single patient's record does not need.
 *
 * <p>The request gets {@code _offset=0} when it has none, and a {@code _count} of the default page
 * size when it has none, capped at the maximum page size, because HAPI applies neither limit to
 * offset queries itself; a {@code _count} that is not a non-negative integer is refused with 400
 * (HAPI fails on it with 500). A client that sends {@code _offset} gets the same paging as before.
 */
@Interceptor
public class EverythingOffsetPaging {

	private static final String EVERYTHING = "$everything";

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void useOffsetPaging(RequestDetails request) {
		if (!isPatientInstanceEverything(request)) {
			return;
		}
		IPagingProvider paging = request.getServer().getPagingProvider();
		if (request.getParameters().get(Constants.PARAM_OFFSET) == null) {
			request.addParameter(Constants.PARAM_OFFSET, new String[] {"0"});
		}
		String[] counts = request.getParameters().get(Constants.PARAM_COUNT);
		if (counts == null || counts.length == 0) {
			setCount(request, paging.getDefaultPageSize());
			return;
		}
		int requested = parse(counts[0]);
		if (requested > paging.getMaximumPageSize()) {
			setCount(request, paging.getMaximumPageSize());
		}
	}

	private static void setCount(RequestDetails request, int count) {
		request.addParameter(Constants.PARAM_COUNT, new String[] {Integer.toString(count)});
	}

	private static boolean isPatientInstanceEverything(RequestDetails request) {
		return request.getRequestType() == RequestTypeEnum.GET
				&& request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				&& EVERYTHING.equals(request.getOperation())
				&& "Patient".equals(request.getResourceName())
				&& request.getServer().getPagingProvider() != null;
	}

	/** The count as a non-negative integer; anything else is the client's error (HAPI answers 500). */
	private static int parse(String value) {
		try {
			int count = Integer.parseInt(value.trim());
			if (count >= 0) {
				return count;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new InvalidRequestException("Parameter _count must be a non-negative integer, got '" + value + "'");
	}
}

package org.msfhir.analytics.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * Checks the syntax of the numeric, boolean and date query parameters of {@code $ms-progression} and
 * {@code $ms-summary} before HAPI binds them: HAPI turns {@code confirmation-weeks=abc} into a 500, this
 * makes it a 400 naming the parameter. Ranges are checked later by {@link AnalysisRequest}.
 */
public class ParameterSyntaxInterceptor {

	private enum Kind { INTEGER, DECIMAL, BOOLEAN, DATE }

	private static final Map<String, Kind> KINDS = Map.ofEntries(
			Map.entry("edss-delta-from-zero", Kind.DECIMAL),
			Map.entry("edss-delta-up-to-boundary", Kind.DECIMAL),
			Map.entry("edss-delta-above-boundary", Kind.DECIMAL),
			Map.entry("edss-boundary", Kind.DECIMAL),
			Map.entry("timed-test-fraction", Kind.DECIMAL),
			Map.entry("sdmt-points", Kind.DECIMAL),
			Map.entry("sdmt-fraction", Kind.DECIMAL),
			Map.entry("confirmation-weeks", Kind.INTEGER),
			Map.entry("relapse-exclusion-days", Kind.INTEGER),
			Map.entry("raw-window-days", Kind.INTEGER),
			Map.entry("pira-days-before", Kind.INTEGER),
			Map.entry("pira-days-after", Kind.INTEGER),
			Map.entry("progression-includes-raw", Kind.BOOLEAN),
			Map.entry("persist", Kind.BOOLEAN),
			Map.entry("from", Kind.DATE),
			Map.entry("to", Kind.DATE),
			Map.entry("date", Kind.DATE));

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		String operation = request.getOperation();
		if (!"$ms-progression".equals(operation) && !"$ms-summary".equals(operation)) {
			return true;
		}
		for (Map.Entry<String, String[]> e : request.getParameters().entrySet()) {
			Kind kind = KINDS.get(e.getKey());
			if (kind == null) {
				continue;
			}
			if (e.getValue().length > 1) {
				throw AnalysisRequest.bad(e.getKey(), "may be given only once");
			}
			String value = e.getValue()[0];
			if (!valid(kind, value)) {
				throw AnalysisRequest.bad(e.getKey(), "must be " + switch (kind) {
					case INTEGER -> "a whole number";
					case DECIMAL -> "a number";
					case BOOLEAN -> "true or false";
					case DATE -> "a full date (YYYY-MM-DD)";
				} + ", got '" + value + "'");
			}
		}
		return true;
	}

	private static boolean valid(Kind kind, String value) {
		try {
			switch (kind) {
				case INTEGER -> Integer.parseInt(value.trim());
				case DECIMAL -> new BigDecimal(value.trim());
				case BOOLEAN -> {
					if (!"true".equals(value) && !"false".equals(value)) {
						return false;
					}
				}
				case DATE -> LocalDate.parse(value.trim());
			}
			return true;
		} catch (RuntimeException e) {
			return false;
		}
	}
}

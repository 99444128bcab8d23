package org.msfhir.clinical;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.msfhir.bulkexport.ExportResourceReader;

/**
 * The search behind {@code $lastn}: the caller's Observation search parameters select the candidates
 * (one id-only query, newest {@code date} first), which are then loaded in batches and kept while
 * their (subject, code) group has fewer than {@code max}. Entered-in-error observations are left out
 * unless the caller filters on status: a "latest EDSS" that was recorded by mistake is not one.
 *
 * <p>A group's code is the requested {@code code} token the observation matched, so an EDSS coded
 * both locally and in SNOMED CT counts once; without a {@code code} parameter it is the set of the
 * observation's codings.
 */
public class LastNQuery {

	/** Result-shaping parameters the operation takes care of itself (or HAPI does, on the response). */
	private static final Set<String> NOT_CRITERIA = Set.of("max", "_format", "_pretty", "_summary", "_elements");
	/** Search features that make no sense for a per-group selection: refused rather than ignored. */
	private static final Set<String> REFUSED = Set.of("_count", "_sort", "_include", "_revinclude", "_total");
	private static final int BATCH = 500;

	private final ExportResourceReader reader;

	public LastNQuery(ExportResourceReader reader) {
		this.reader = reader;
	}

	/** The newest {@code max} observations per subject and code matching the search parameters. */
	public List<Observation> latest(Map<String, String[]> parameters, int max) {
		SearchParameterMap map = reader.newMap("Observation", criteria(parameters));
		map.setSort(new SortSpec("date", SortOrderEnum.DESC, new SortSpec("_lastUpdated", SortOrderEnum.DESC)));
		List<JpaPid> ids = reader.findIds("Observation", List.of(map));
		List<String> requestedCodes = requestedCodes(parameters);

		Map<String, Integer> perGroup = new HashMap<>();
		List<Observation> kept = new ArrayList<>();
		for (int from = 0; from < ids.size(); from += BATCH) {
			for (IBaseResource resource : reader.load("Observation", ids.subList(from, Math.min(ids.size(), from + BATCH)))) {
				Observation observation = (Observation) resource;
				String group = observation.getSubject().getReference() + " " + codeKey(observation, requestedCodes);
				if (perGroup.merge(group, 1, Integer::sum) <= max) {
					kept.add(observation);
				}
			}
		}
		return kept;
	}

	/** The request's search parameters as a query string for HAPI's match URL parser. */
	String criteria(Map<String, String[]> parameters) {
		boolean hasSubject = false;
		boolean hasStatus = false;
		StringBuilder query = new StringBuilder();
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
			if (NOT_CRITERIA.contains(base)) {
				continue;
			}
			if (REFUSED.contains(base)) {
				throw new InvalidRequestException("$lastn does not support the parameter " + name
						+ ": it returns the newest max observations of each code per patient, newest first");
			}
			hasSubject |= base.equals("patient") || base.equals("subject");
			hasStatus |= base.equals("status");
			for (String value : parameter.getValue()) {
				append(query, name, value);
			}
		}
		if (!hasSubject) {
			throw new InvalidRequestException(
					"$lastn needs a patient or subject parameter (for example subject=Patient/123,Patient/456)");
		}
		if (!hasStatus) {
			append(query, "status:not", "entered-in-error");
		}
		return query.toString();
	}

	private static void append(StringBuilder query, String name, String value) {
		if (query.length() > 0) {
			query.append('&');
		}
		query.append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%3A", ":"))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

	/** The tokens of the {@code code} parameters ({@code system|code} or {@code code}), in request order. */
	private static List<String> requestedCodes(Map<String, String[]> parameters) {
		List<String> codes = new ArrayList<>();
		String[] values = parameters.get("code");
		if (values != null) {
			for (String value : values) {
				for (String token : value.split(",")) {
					codes.add(token.trim());
				}
			}
		}
		return codes;
	}

	private static String codeKey(Observation observation, List<String> requestedCodes) {
		List<Coding> codings = observation.getCode().getCoding();
		for (String token : requestedCodes) {
			for (Coding coding : codings) {
				if (matches(token, coding)) {
					return token;
				}
			}
		}
		Set<String> all = new TreeSet<>();
		codings.forEach(c -> all.add(c.getSystem() + "|" + c.getCode()));
		return String.join(",", all);
	}

	private static boolean matches(String token, Coding coding) {
		int bar = token.indexOf('|');
		if (bar < 0) {
			return token.equals(coding.getCode());
		}
		String system = token.substring(0, bar);
		String code = token.substring(bar + 1);
		return (system.isEmpty() ? !coding.hasSystem() : system.equals(coding.getSystem()))
				&& (code.isEmpty() || code.equals(coding.getCode()));
	}
}

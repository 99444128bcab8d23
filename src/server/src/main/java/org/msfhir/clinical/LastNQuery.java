package org.msfhir.clinical;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.msfhir.common.ResourceReader;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The search behind {@code $lastn}: the caller's Observation search parameters select the candidates
 * (one id-only query, newest {@code date} first). With one requested code (the usual case: "latest
 * EDSS of these patients") the candidates' subjects are read from HAPI's reference index and only each
 * subject's newest {@code max} are loaded; otherwise all candidates are loaded in batches and kept while
 * their (subject, code) group has fewer than {@code max}. Entered-in-error observations are left out
 * unless the caller filters on status: a "latest EDSS" that was recorded by mistake is not one. (They
 * are skipped while loading: a {@code status:not=entered-in-error} predicate made the SQL ~8x slower
 * at 10,000 patients.)
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

	/** HAPI's reference index: the subject of each observation, without loading the observation. */
	private static final String SUBJECTS = "SELECT SRC_RESOURCE_ID, TARGET_RESOURCE_ID FROM HFJ_RES_LINK"
			+ " WHERE SRC_PATH = 'Observation.subject' AND TARGET_RESOURCE_ID IS NOT NULL AND SRC_RESOURCE_ID IN (:ids)";

	private final ResourceReader reader;
	private final NamedParameterJdbcTemplate jdbc;

	public LastNQuery(ResourceReader reader, NamedParameterJdbcTemplate jdbc) {
		this.reader = reader;
		this.jdbc = jdbc;
	}

	/** The newest {@code max} observations per subject and code matching the search parameters. */
	public List<Observation> latest(Map<String, String[]> parameters, int max) {
		boolean skipEnteredInError = parameters.keySet().stream().noneMatch(name -> name.equals("status")
				|| name.startsWith("status:"));
		SearchParameterMap map = reader.newMap("Observation", criteria(parameters));
		map.setSort(new SortSpec("date", SortOrderEnum.DESC, new SortSpec("_lastUpdated", SortOrderEnum.DESC)));
		List<JpaPid> ids = reader.findIds("Observation", List.of(map));
		List<String> requestedCodes = requestedCodes(parameters);
		if (requestedCodes.size() == 1) {
			List<Observation> bySubject = latestPerSubject(ids, max, skipEnteredInError);
			if (bySubject != null) {
				return bySubject;
			}
		}
		return loadingAll(ids, max, skipEnteredInError, requestedCodes);
	}

	/**
	 * With one requested code every candidate is in its subject's group: the subjects come from the
	 * reference index and only each subject's newest are loaded (more if one of them was entered in
	 * error). Null when a candidate's subject is not in the index (a logical or external reference).
	 */
	private List<Observation> latestPerSubject(List<JpaPid> ids, int max, boolean skipEnteredInError) {
		Map<Long, Long> subjectOf = subjects(ids);
		if (subjectOf.size() < ids.size()) {
			return null;
		}
		Map<Long, Deque<Integer>> candidates = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			candidates.computeIfAbsent(subjectOf.get(ids.get(i).getId()), s -> new ArrayDeque<>()).add(i);
		}
		Map<Long, Integer> missing = new HashMap<>();
		candidates.keySet().forEach(subject -> missing.put(subject, max));
		TreeMap<Integer, Observation> kept = new TreeMap<>(); // by position in the date order
		while (true) {
			List<Integer> round = new ArrayList<>();
			candidates.forEach((subject, queue) -> {
				for (int n = missing.get(subject); n > 0 && !queue.isEmpty(); n--) {
					round.add(queue.poll());
				}
			});
			if (round.isEmpty()) {
				return new ArrayList<>(kept.values());
			}
			Collections.sort(round);
			List<IBaseResource> loaded = reader.load("Observation", round.stream().map(ids::get).toList());
			if (loaded.size() != round.size()) {
				return null; // deleted meanwhile: positions no longer line up
			}
			for (int k = 0; k < loaded.size(); k++) {
				Observation observation = (Observation) loaded.get(k);
				if (skipEnteredInError && enteredInError(observation)) {
					continue;
				}
				kept.put(round.get(k), observation);
				missing.merge(subjectOf.get(ids.get(round.get(k)).getId()), -1, Integer::sum);
			}
		}
	}

	private Map<Long, Long> subjects(List<JpaPid> ids) {
		Map<Long, Long> subjectOf = new HashMap<>();
		for (int from = 0; from < ids.size(); from += 1000) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000)).stream()
					.map(JpaPid::getId)
					.toList();
			jdbc.query(SUBJECTS, Map.of("ids", chunk), row -> {
				subjectOf.put(row.getLong(1), row.getLong(2));
			});
		}
		return subjectOf;
	}

	/** Loads every candidate and keeps the first {@code max} of each (subject, code) group. */
	private List<Observation> loadingAll(
			List<JpaPid> ids, int max, boolean skipEnteredInError, List<String> requestedCodes) {
		Map<String, Integer> perGroup = new HashMap<>();
		List<Observation> kept = new ArrayList<>();
		for (int from = 0; from < ids.size(); from += BATCH) {
			for (IBaseResource resource : reader.load("Observation", ids.subList(from, Math.min(ids.size(), from + BATCH)))) {
				Observation observation = (Observation) resource;
				if (skipEnteredInError && enteredInError(observation)) {
					continue;
				}
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
			for (String value : parameter.getValue()) {
				append(query, name, value);
			}
		}
		if (!hasSubject) {
			throw new InvalidRequestException(
					"$lastn needs a patient or subject parameter (for example subject=Patient/123,Patient/456)");
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

	private static boolean enteredInError(Observation observation) {
		return observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR;
	}
}

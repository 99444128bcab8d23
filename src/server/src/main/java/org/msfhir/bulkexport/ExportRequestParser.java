package org.msfhir.bulkexport;

import org.msfhir.common.PatientCompartment;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads and checks the kick-off parameters of {@code $export} (query string for GET, a Parameters
 * body for POST). Every problem becomes a 400 whose message names the parameter; with {@code Prefer:
 * handling=lenient} unsupported parameters and values are ignored instead.
 */
public class ExportRequestParser {

	/** The kick-off parameter that asks for a de-identified export (project extension). */
	public static final String DEIDENTIFY = "deidentify";

	static final Set<String> OUTPUT_FORMATS = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");
	private static final Set<String> KNOWN = Set.of(
			"_outputFormat", "_since", "_type", "_typeFilter", "_elements", "patient", DEIDENTIFY);
	/** Parameters HAPI or the web layer add that are not export parameters. */
	private static final Set<String> IGNORED = Set.of("_format", "_pretty");
	/** A new query in a comma-separated _typeFilter starts with a resource type and '?'. */
	private static final Pattern FILTER_SPLIT = Pattern.compile(",(?=[A-Z][A-Za-z]+\\?)");

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final MatchUrlService matchUrlService;

	public ExportRequestParser(FhirContext fhirContext, DaoRegistry daoRegistry, MatchUrlService matchUrlService) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.matchUrlService = matchUrlService;
	}

	public ExportRequest parse(RequestDetails request, ExportRequest.Level level, String groupId) {
		List<String> prefer = headerValues(request, Constants.HEADER_PREFER);
		if (prefer.stream().noneMatch(p -> p.equals("respond-async"))) {
			throw new InvalidRequestException("$export is asynchronous: send the header 'Prefer: respond-async'");
		}
		boolean lenient = prefer.stream().anyMatch(p -> p.equals("handling=lenient"));
		Map<String, List<String>> params = request.getRequestType() == RequestTypeEnum.POST
				? bodyParameters(request)
				: queryParameters(request);

		for (String name : params.keySet()) {
			if (!KNOWN.contains(name) && !IGNORED.contains(name) && !lenient) {
				throw new InvalidRequestException("Parameter '" + name + "' is not supported by $export"
						+ " (send 'Prefer: handling=lenient' to have unsupported parameters ignored)");
			}
		}

		for (String format : params.getOrDefault("_outputFormat", List.of())) {
			if (!OUTPUT_FORMATS.contains(format)) {
				throw new InvalidRequestException("_outputFormat '" + format
						+ "' is not supported; use application/fhir+ndjson, application/ndjson or ndjson");
			}
		}

		Date since = parseSince(params.get("_since"));
		List<String> types = parseTypes(params.get("_type"), level, lenient);
		Map<String, List<String>> typeFilters = parseTypeFilters(params.get("_typeFilter"), types, lenient);
		Map<String, Set<String>> elements = parseElements(params.get("_elements"), lenient);

		List<String> patients = new ArrayList<>();
		if (params.containsKey("patient")) {
			if (level == ExportRequest.Level.SYSTEM) {
				throw new InvalidRequestException(
						"Parameter 'patient' is only allowed at Patient or Group level ([base]/Patient/$export)");
			}
			for (String ref : params.get("patient")) {
				String id = ref.startsWith("Patient/") ? ref.substring("Patient/".length()) : null;
				if (id == null || id.isBlank() || id.contains("/")) {
					throw new InvalidRequestException(
							"Parameter 'patient' must be a reference 'Patient/[id]', got '" + ref + "'");
				}
				patients.add(id);
			}
		}

		boolean deidentify = false;
		List<String> deid = params.get(DEIDENTIFY);
		if (deid != null) {
			if (deid.size() != 1 || !(deid.get(0).equals("true") || deid.get(0).equals("false"))) {
				throw new InvalidRequestException("Parameter '" + DEIDENTIFY + "' must be true or false");
			}
			deidentify = Boolean.parseBoolean(deid.get(0));
		}

		return new ExportRequest(level, groupId, types, since, typeFilters, patients, elements, deidentify,
				request.getCompleteUrl());
	}

	private Date parseSince(List<String> values) {
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new InvalidRequestException("Parameter '_since' may appear only once");
		}
		try {
			InstantType instant = new InstantType(values.get(0));
			if (instant.getValue() == null) {
				throw new DataFormatException("empty");
			}
			return instant.getValue();
		} catch (DataFormatException | IllegalArgumentException e) {
			throw new InvalidRequestException(
					"Parameter '_since' must be a FHIR instant such as 2026-01-31T12:00:00Z, got '" + values.get(0) + "'");
		}
	}

	private List<String> parseTypes(List<String> values, ExportRequest.Level level, boolean lenient) {
		LinkedHashSet<String> types = new LinkedHashSet<>();
		for (String type : split(values)) {
			if (!isKnownType(type)) {
				if (lenient) {
					continue;
				}
				throw new InvalidRequestException("Parameter '_type': '" + type + "' is not a resource type of this server");
			}
			if (level != ExportRequest.Level.SYSTEM && !PatientCompartment.isCompartmentType(fhirContext, type)
					&& !ExportJobRunner.REFERENCED_TYPES.contains(type)) {
				if (lenient) {
					continue;
				}
				throw new InvalidRequestException("Parameter '_type': '" + type
						+ "' is not in the Patient compartment and cannot be exported at Patient or Group level"
						+ " (except the referenced " + String.join(", ", ExportJobRunner.REFERENCED_TYPES) + ")");
			}
			types.add(type);
		}
		if (values != null && !values.isEmpty() && types.isEmpty()) {
			throw new InvalidRequestException("Parameter '_type' names no exportable resource type");
		}
		return List.copyOf(types);
	}

	private Map<String, List<String>> parseTypeFilters(List<String> values, List<String> types, boolean lenient) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		if (values == null) {
			return filters;
		}
		for (String value : values) {
			for (String filter : FILTER_SPLIT.split(value)) {
				int question = filter.indexOf('?');
				String type = question > 0 ? filter.substring(0, question) : null;
				if (type == null || !isKnownType(type) || question == filter.length() - 1) {
					if (lenient) {
						continue;
					}
					throw new InvalidRequestException(
							"Parameter '_typeFilter': '" + filter + "' is not of the form [ResourceType]?[search parameters]");
				}
				if (!types.isEmpty() && !types.contains(type)) {
					if (lenient) {
						continue;
					}
					throw new InvalidRequestException("Parameter '_typeFilter': type '" + type + "' is not listed in _type");
				}
				String query = filter.substring(question + 1);
				checkQuery("_typeFilter", type, query);
				filters.computeIfAbsent(type, t -> new ArrayList<>()).add(query);
			}
		}
		return filters;
	}

	/** Checks a search query by translating it as the export will; names the parameter on failure. */
	void checkQuery(String parameter, String type, String query) {
		try {
			RuntimeResourceDefinition def = fhirContext.getResourceDefinition(type);
			var map = matchUrlService.translateMatchUrl(type + "?" + query, def);
			if (!map.getIncludes().isEmpty() || !map.getRevIncludes().isEmpty() || map.getSort() != null) {
				throw new InvalidRequestException("_include, _revinclude and _sort are not allowed here");
			}
		} catch (RuntimeException e) {
			throw new InvalidRequestException(
					"Parameter '" + parameter + "': invalid search '" + type + "?" + query + "': " + e.getMessage());
		}
	}

	private Map<String, Set<String>> parseElements(List<String> values, boolean lenient) {
		Map<String, Set<String>> elements = new LinkedHashMap<>();
		for (String element : split(values)) {
			String type = "*";
			String name = element;
			int dot = element.indexOf('.');
			if (dot > 0) {
				type = element.substring(0, dot);
				name = element.substring(dot + 1);
				if (!isKnownType(type)) {
					if (lenient) {
						continue;
					}
					throw new InvalidRequestException("Parameter '_elements': '" + type + "' is not a resource type");
				}
			}
			if (!name.matches("[a-z][A-Za-z0-9]*(\\[x])?")) {
				if (lenient) {
					continue;
				}
				throw new InvalidRequestException("Parameter '_elements': '" + element
						+ "' is not an element name (use 'element' or 'ResourceType.element')");
			}
			elements.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(name);
		}
		return elements;
	}

	private boolean isKnownType(String type) {
		return daoRegistry.isResourceTypeSupported(type);
	}

	private static List<String> split(List<String> values) {
		List<String> out = new ArrayList<>();
		if (values != null) {
			for (String value : values) {
				Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
			}
		}
		return out;
	}

	private static List<String> headerValues(RequestDetails request, String name) {
		List<String> out = new ArrayList<>();
		List<String> headers = request.getHeaders(name);
		if (headers != null) {
			for (String header : headers) {
				for (String part : header.split(",")) {
					out.add(part.trim().toLowerCase(Locale.ROOT).replace(" ", ""));
				}
			}
		}
		return out;
	}

	private static Map<String, List<String>> queryParameters(RequestDetails request) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		request.getParameters().forEach((name, values) -> params.put(name, List.of(values)));
		return params;
	}

	private Map<String, List<String>> bodyParameters(RequestDetails request) {
		Map<String, List<String>> params = queryParameters(request);
		byte[] body = request.loadRequestContents();
		if (body == null || body.length == 0) {
			return params;
		}
		IBaseResource parsed;
		try {
			String text = new String(body, StandardCharsets.UTF_8);
			parsed = text.trim().startsWith("<")
					? fhirContext.newXmlParser().parseResource(text)
					: fhirContext.newJsonParser().parseResource(text);
		} catch (DataFormatException e) {
			throw new InvalidRequestException("The $export body is not a valid FHIR Parameters resource: " + e.getMessage());
		}
		if (!(parsed instanceof Parameters parameters)) {
			throw new InvalidRequestException("The $export body must be a Parameters resource");
		}
		for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
			String value;
			if (p.getValue() instanceof Reference ref) {
				value = ref.getReference();
			} else if (p.getValue() != null && p.getValue().isPrimitive()) {
				value = p.getValue().primitiveValue();
			} else {
				throw new InvalidRequestException("Parameter '" + p.getName() + "' needs a primitive value or a reference");
			}
			if (value == null) {
				throw new InvalidRequestException("Parameter '" + p.getName() + "' has no value");
			}
			params.computeIfAbsent(p.getName(), n -> new ArrayList<>()).add(value);
		}
		return params;
	}
}

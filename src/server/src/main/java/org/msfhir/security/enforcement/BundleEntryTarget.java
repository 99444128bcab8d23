package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.util.UrlUtil;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The interaction one batch/transaction entry asks for, derived from its method and URL the way
 * the server will route it ({@code GET Observation?code=x} is a type search, {@code PUT Patient/1}
 * an update, {@code POST Patient/1/$everything} an operation).
 *
 * @param interaction the interaction, or null if the entry cannot be understood
 * @param type resource type
 * @param id resource id, if any
 * @param operation operation name ({@code $everything}), if any
 * @param params query parameters of the URL
 * @param problem why the entry cannot be checked (then refused), or null
 */
record BundleEntryTarget(
		RestOperationTypeEnum interaction,
		String type,
		String id,
		String operation,
		Map<String, String[]> params,
		String problem,
		String method,
		String url) {

	static BundleEntryTarget of(Bundle.BundleEntryComponent entry) {
		Bundle.HTTPVerb verb = entry.getRequest().getMethod();
		String url = entry.getRequest().getUrl();
		String method = verb == null ? null : verb.toCode();
		if (verb == null || url == null || url.isBlank()) {
			return refused(method, url, "entry.request needs a method and a url");
		}
		String path = url;
		String query = "";
		int q = url.indexOf('?');
		if (q >= 0) {
			path = url.substring(0, q);
			query = url.substring(q + 1);
		}
		path = stripBase(path);
		Map<String, String[]> params = UrlUtil.parseQueryString(query);
		String[] segments = path.isEmpty() ? new String[0] : path.split("/");
		if (segments.length == 0) {
			return refused(method, url, "entries addressed to the server base are not supported");
		}
		if (segments[0].startsWith("$")) {
			return new BundleEntryTarget(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null, null, segments[0],
					params, null, method, url);
		}
		String type = segments[0];
		String second = segments.length > 1 ? segments[1] : null;
		String third = segments.length > 2 ? segments[2] : null;
		if (second != null && second.startsWith("$")) {
			return new BundleEntryTarget(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, type, null, second, params,
					null, method, url);
		}
		if (third != null && third.startsWith("$")) {
			return new BundleEntryTarget(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, type, second, third,
					params, null, method, url);
		}
		RestOperationTypeEnum interaction = switch (verb) {
			case GET, HEAD -> {
				if (second == null || "_search".equals(second)) {
					yield RestOperationTypeEnum.SEARCH_TYPE;
				} else if ("_history".equals(second)) {
					yield RestOperationTypeEnum.HISTORY_TYPE;
				} else if (third == null) {
					yield RestOperationTypeEnum.READ;
				} else if ("_history".equals(third)) {
					yield segments.length > 3 ? RestOperationTypeEnum.VREAD : RestOperationTypeEnum.HISTORY_INSTANCE;
				}
				yield null;
			}
			case POST -> "_search".equals(second) ? RestOperationTypeEnum.SEARCH_TYPE : RestOperationTypeEnum.CREATE;
			case PUT -> RestOperationTypeEnum.UPDATE;
			case PATCH -> RestOperationTypeEnum.PATCH;
			case DELETE -> RestOperationTypeEnum.DELETE;
			default -> null;
		};
		if (interaction == null) {
			return refused(method, url, "unsupported entry");
		}
		String id = second != null && !second.startsWith("_") ? second : null;
		return new BundleEntryTarget(interaction, type, id, null, params, null, method, url);
	}

	private static BundleEntryTarget refused(String method, String url, String problem) {
		return new BundleEntryTarget(null, null, null, null, Map.of(), "Access denied: " + problem, method, url);
	}

	/** Absolute entry URLs ({@code http://host/fhir/Patient/1}) are reduced to the part after the base. */
	private static String stripBase(String path) {
		if (path.startsWith("http://") || path.startsWith("https://")) {
			int fhir = path.indexOf("/fhir/");
			return fhir >= 0 ? path.substring(fhir + "/fhir/".length()) : "";
		}
		return path.startsWith("/") ? path.substring(1) : path;
	}

	String describe() {
		return method + " " + url;
	}
}

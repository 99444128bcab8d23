package org.msfhir.server.rest;

import ca.uhn.fhir.rest.api.EncodingEnum;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax rules {@link RequestChecksInterceptor} applies, as plain functions so they can be unit
 * tested. Each returns {@code null} when the input is fine, otherwise a message for the client.
 */
public final class RequestChecks {

	/** FHIR R4 id: 1-64 characters of letters, digits, '-' and '.'. */
	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	/** A version ETag as FHIR defines it: W/"3" (the weak marker is optional on input). */
	private static final Pattern VERSION_ETAG = Pattern.compile("(W/)?\"[0-9]{1,18}\"");
	/** A '%' not followed by two hex digits. */
	private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

	private static final Set<String> PATCH_TYPES =
			Set.of("application/json-patch+json", "application/xml-patch+xml");

	private RequestChecks() {}

	public static String checkId(String idPart) {
		if (idPart == null || FHIR_ID.matcher(idPart).matches()) {
			return null;
		}
		return "Invalid resource id '" + idPart
				+ "': a FHIR id is 1 to 64 characters of A-Z, a-z, 0-9, '-' and '.'";
	}

	public static String checkIfMatch(String ifMatch) {
		if (ifMatch == null || VERSION_ETAG.matcher(ifMatch.trim()).matches()) {
			return null;
		}
		return "Invalid If-Match header '" + ifMatch + "': expected a version ETag such as W/\"3\"";
	}

	public static String checkQueryString(String queryString) {
		if (queryString == null || !BAD_ESCAPE.matcher(queryString).find()) {
			return null;
		}
		return "Invalid URL: the query string has a '%' that is not followed by two hexadecimal digits";
	}

	/**
	 * Whether a body of this Content-Type can be a FHIR resource (JSON or XML, with or without the
	 * FHIR-specific media types). Parameters such as {@code charset} are ignored.
	 */
	public static boolean isFhirResourceType(String contentType) {
		String mediaType = mediaType(contentType);
		return mediaType != null && EncodingEnum.forContentType(mediaType) != null;
	}

	/** PATCH accepts JSON Patch, XML Patch, or a FHIRPath Patch Parameters resource. */
	public static boolean isPatchType(String contentType) {
		String mediaType = mediaType(contentType);
		return mediaType != null && (PATCH_TYPES.contains(mediaType) || isFhirResourceType(mediaType));
	}

	static String mediaType(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		int semicolon = contentType.indexOf(';');
		String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
		return type.trim().toLowerCase(Locale.ROOT);
	}
}

package org.msfhir.security.authserver;

import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * Request parameters of an OAuth endpoint. RFC 6749 forbids repeating a parameter; a repeated one is
 * refused rather than silently picking one of the values.
 */
public final class FormParams {

	private final MultiValueMap<String, String> values;

	public FormParams(MultiValueMap<String, String> values) {
		this.values = values;
	}

	/** The single value of a parameter, or null; blank counts as absent. */
	public String get(String name) {
		List<String> list = values.get(name);
		if (list == null || list.isEmpty()) {
			return null;
		}
		if (list.size() > 1) {
			throw OAuthException.invalidRequest("Parameter " + name + " must not be repeated");
		}
		String value = list.get(0);
		return value == null || value.isBlank() ? null : value;
	}

	public String require(String name) {
		String value = get(name);
		if (value == null) {
			throw OAuthException.invalidRequest("Parameter " + name + " is required");
		}
		return value;
	}

	public Map<String, String> singleValues() {
		return values.toSingleValueMap();
	}
}

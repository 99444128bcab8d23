package org.msfhir.security.scope;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the {@code scope} claim of a token into {@link SmartScopes}: SMART v1
 * ({@code patient/Observation.read}, {@code user/*.*}, {@code .write}), v2 ({@code .rs},
 * {@code .cruds}: any non-empty subset of c r u d s in that order), v2 with a query restriction
 * ({@code patient/Observation.rs?category=...}), and the launch/identity scopes.
 *
 * <p>Invalid resource scopes are ignored (they grant nothing) and logged once. Results are cached
 * per scope string, so a token's scopes are parsed once however many requests it makes.
 */
public final class ScopeParser {

	private static final Logger LOG = LoggerFactory.getLogger(ScopeParser.class);
	private static final int CACHE_LIMIT = 10_000;

	private static final Pattern RESOURCE_SCOPE = Pattern.compile(
			"^(patient|user|system)/(\\*|[A-Za-z]+)\\.([A-Za-z*]+)(?:\\?(.*))?$");
	private static final Pattern PARAMETER_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.:\\-]*$");
	/** A scope that is not a resource scope: a plain name such as {@code launch} or {@code msfhir/admin}. */
	private static final Pattern OTHER_SCOPE = Pattern.compile("^[A-Za-z][A-Za-z0-9_.:/\\-]*$");

	private final Set<String> knownResourceTypes;
	private final Map<String, SmartScopes> cache = new ConcurrentHashMap<>();

	/**
	 * @param knownResourceTypes the resource types of the server's FHIR version; a scope naming any
	 *     other type is invalid
	 */
	public ScopeParser(Set<String> knownResourceTypes) {
		this.knownResourceTypes = Set.copyOf(knownResourceTypes);
	}

	/** Parses a space-separated scope string (null or blank gives no scopes). */
	public SmartScopes parse(String scopeString) {
		if (scopeString == null || scopeString.isBlank()) {
			return SmartScopes.empty();
		}
		SmartScopes cached = cache.get(scopeString);
		if (cached != null) {
			return cached;
		}
		SmartScopes parsed = doParse(scopeString);
		if (cache.size() >= CACHE_LIMIT) {
			cache.clear(); // crude bound; distinct scope strings are few in practice
		}
		cache.put(scopeString, parsed);
		return parsed;
	}

	private SmartScopes doParse(String scopeString) {
		List<ResourceScope> resourceScopes = new ArrayList<>();
		Set<String> special = new LinkedHashSet<>();
		Set<String> other = new LinkedHashSet<>();
		List<String> ignored = new ArrayList<>();
		for (String token : scopeString.trim().split("\\s+")) {
			if (SmartScopes.SPECIAL_SCOPES.contains(token)) {
				special.add(token);
				continue;
			}
			if (looksLikeResourceScope(token)) {
				String problem = parseResourceScope(token, resourceScopes);
				if (problem != null) {
					ignored.add(token);
					LOG.warn("Ignoring invalid SMART scope '{}': {}", token, problem);
				}
			} else if (OTHER_SCOPE.matcher(token).matches()) {
				other.add(token);
			} else {
				ignored.add(token);
				LOG.warn("Ignoring invalid scope '{}': not a scope name", token);
			}
		}
		return new SmartScopes(scopeString, resourceScopes, special, other, ignored);
	}

	private static boolean looksLikeResourceScope(String token) {
		return token.startsWith("patient/") || token.startsWith("user/") || token.startsWith("system/");
	}

	/** Adds the parsed scope to {@code out}, or returns why it is invalid. */
	private String parseResourceScope(String token, List<ResourceScope> out) {
		Matcher m = RESOURCE_SCOPE.matcher(token);
		if (!m.matches()) {
			return "expected <patient|user|system>/<Type|*>.<permissions>[?query]";
		}
		ScopeContext context = ScopeContext.fromPrefix(m.group(1));
		String type = m.group(2);
		if (!ResourceScope.ANY_TYPE.equals(type) && !knownResourceTypes.contains(type)) {
			return "unknown resource type " + type;
		}
		String permissionText = m.group(3);
		String query = m.group(4);
		Set<Permission> permissions;
		boolean v1;
		switch (permissionText) {
			case "read" -> {
				permissions = EnumSet.of(Permission.READ, Permission.SEARCH);
				v1 = true;
			}
			case "write" -> {
				permissions = EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
				v1 = true;
			}
			case "*" -> {
				permissions = EnumSet.allOf(Permission.class);
				v1 = true;
			}
			default -> {
				permissions = parseV2Permissions(permissionText);
				if (permissions == null) {
					return "permissions must be read, write, * or an ordered subset of cruds";
				}
				v1 = false;
			}
		}
		QueryRestriction restriction = null;
		if (query != null) {
			if (v1) {
				return "a query restriction needs v2 permissions (e.g. .rs)";
			}
			List<QueryRestriction.Criterion> criteria = parseQuery(query);
			if (criteria == null) {
				return "query must be name=value pairs joined by &";
			}
			restriction = new QueryRestriction(criteria);
		}
		out.add(new ResourceScope(token, context, type, permissions, restriction, v1));
		return null;
	}

	/** The v2 letters must be a non-empty subsequence of "cruds" (each once, in that order). */
	private static Set<Permission> parseV2Permissions(String text) {
		String order = "cruds";
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		int last = -1;
		for (char c : text.toCharArray()) {
			int position = order.indexOf(c);
			if (position <= last) {
				return null;
			}
			last = position;
			permissions.add(Permission.fromLetter(c));
		}
		return permissions.isEmpty() ? null : permissions;
	}

	private static List<QueryRestriction.Criterion> parseQuery(String query) {
		if (query.isEmpty()) {
			return null;
		}
		List<QueryRestriction.Criterion> criteria = new ArrayList<>();
		for (String pair : query.split("&", -1)) {
			int eq = pair.indexOf('=');
			if (eq <= 0 || eq == pair.length() - 1) {
				return null;
			}
			String name = decode(pair.substring(0, eq));
			String value = decode(pair.substring(eq + 1));
			if (name == null || value == null || !PARAMETER_NAME.matcher(name).matches() || value.isBlank()) {
				return null;
			}
			criteria.add(new QueryRestriction.Criterion(name, value));
		}
		return criteria;
	}

	/** Percent-decoding that keeps '+' literal (scopes are not form-encoded). */
	private static String decode(String text) {
		try {
			return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
		} catch (IllegalArgumentException e) {
			return null;
		}
	}
}

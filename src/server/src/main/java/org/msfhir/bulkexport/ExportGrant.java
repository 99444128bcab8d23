package org.msfhir.bulkexport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who asks for an export and what they may read: the one answer the export needs from the security
 * layer. {@code readable} maps a resource type (or {@code "*"} for every type) to the search
 * restrictions that apply to it: an empty list means "all resources of the type"; otherwise a
 * resource is readable when it matches any of the listed queries (SMART v2 query-restricted scopes,
 * for example {@code category=laboratory}).
 *
 * @param clientId the client that owns the jobs it starts; only it may poll, download or cancel them
 * @param readable resource type, or {@code "*"}, to restriction queries (ORed)
 * @param explicitOnly types that {@code "*"} does not cover (they must be named, e.g. AuditEvent)
 * @param deidentifiedOnly the caller may have de-identified exports only (a research account)
 */
public record ExportGrant(
		String clientId, Map<String, List<String>> readable, java.util.Set<String> explicitOnly, boolean deidentifiedOnly) {

	public static final String ALL_TYPES = "*";

	public ExportGrant(String clientId, Map<String, List<String>> readable, java.util.Set<String> explicitOnly) {
		this(clientId, readable, explicitOnly, false);
	}

	public ExportGrant {
		Objects.requireNonNull(clientId, "clientId");
		readable = Map.copyOf(readable);
		explicitOnly = java.util.Set.copyOf(explicitOnly);
	}

	/** Full read access for the given client. */
	public static ExportGrant unrestricted(String clientId) {
		return new ExportGrant(clientId, Map.of(ALL_TYPES, List.of()), java.util.Set.of());
	}

	/** Whether the client may read at least some resources of this type. */
	public boolean mayRead(String resourceType) {
		return readable.containsKey(resourceType)
				|| (readable.containsKey(ALL_TYPES) && !explicitOnly.contains(resourceType));
	}

	/**
	 * The restriction queries for a type: empty when every resource of the type may be read, else a
	 * resource must match one of them. A type-specific unrestricted grant wins over restricted ones,
	 * and the most permissive of {@code "*"} and the type entry applies.
	 */
	public List<String> restrictionsFor(String resourceType) {
		List<String> specific = readable.get(resourceType);
		List<String> wildcard = explicitOnly.contains(resourceType) ? null : readable.get(ALL_TYPES);
		if ((specific != null && specific.isEmpty()) || (wildcard != null && wildcard.isEmpty())) {
			return List.of();
		}
		if (specific == null && wildcard == null) {
			throw new IllegalStateException("no access to " + resourceType);
		}
		java.util.ArrayList<String> all = new java.util.ArrayList<>();
		if (specific != null) {
			all.addAll(specific);
		}
		if (wildcard != null) {
			all.addAll(wildcard);
		}
		return List.copyOf(all);
	}
}

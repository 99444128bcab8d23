package org.msfhir.bulkexport;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated export kick-off.
 *
 * @param level system, Patient or Group level
 * @param groupId the Group's id at Group level, else {@code null}
 * @param types the requested resource types; empty means "every type the caller may read"
 * @param since only resources changed after this instant ({@code _since}), or {@code null}
 * @param typeFilters resource type to the search queries of its {@code _typeFilter}s (ORed)
 * @param patients Patient ids from the {@code patient} parameter; empty means no restriction
 * @param elements {@code _elements}: resource type (or {@code "*"}) to element names
 * @param deidentify whether the caller asked for a de-identified export
 * @param requestUrl the kick-off URL as the client sent it (echoed in the manifest)
 */
public record ExportRequest(
		Level level,
		String groupId,
		List<String> types,
		Date since,
		Map<String, List<String>> typeFilters,
		List<String> patients,
		Map<String, Set<String>> elements,
		boolean deidentify,
		String requestUrl) {

	/** The three kick-off endpoints. */
	public enum Level {
		SYSTEM,
		PATIENT,
		GROUP
	}

	/** The same request with de-identification switched on (client policy). */
	public ExportRequest withDeidentify() {
		return new ExportRequest(level, groupId, types, since, typeFilters, patients, elements, true, requestUrl);
	}
}

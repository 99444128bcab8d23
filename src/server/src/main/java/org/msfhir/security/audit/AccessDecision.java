package org.msfhir.security.audit;

import java.time.Instant;

/**
 * One access decision, as it is logged and stored as an AuditEvent.
 *
 * @param time when it was decided
 * @param allowed whether access was granted
 * @param clientId the OAuth client, or null (open mode)
 * @param user the signed-in user (fhirUser reference or subject), or null
 * @param patientContext the token's patient, or null
 * @param interaction the FHIR interaction code (read, search-type, create, transaction, operation ...)
 * @param operation the operation name for extended operations ({@code $everything}), or null
 * @param resourceType the resource type concerned, or null for system-level interactions
 * @param resourceId the resource id concerned, or null
 * @param query the search query, or null
 * @param detail the refusal reason, or the HTTP status of an allowed request
 * @param requestId the server's request id, for correlation with the request log
 * @param remoteAddress the client's network address
 */
public record AccessDecision(
		Instant time,
		boolean allowed,
		String clientId,
		String user,
		String patientContext,
		String interaction,
		String operation,
		String resourceType,
		String resourceId,
		String query,
		String detail,
		String requestId,
		String remoteAddress) {

	/**
	 * {@link #target()} with the search parameter names but not their values ({@code
	 * Patient?identifier&name}): for log lines, which must not carry record numbers or names. The
	 * stored AuditEvent keeps the whole query.
	 */
	public String loggableTarget() {
		if (query == null || query.isEmpty()) {
			return target();
		}
		String full = target();
		String base = full.substring(0, full.length() - query.length() - 1);
		String names = java.util.Arrays.stream(query.split("&"))
				.map(pair -> pair.split("=", 2)[0])
				.map(name -> name.replaceAll("[^A-Za-z0-9_:.\\-]", "?"))
				.distinct()
				.collect(java.util.stream.Collectors.joining("&"));
		return base + "?" + names;
	}

	/** What was accessed, e.g. {@code Observation/123}, {@code Observation?code=...} or {@code $export}. */
	public String target() {
		StringBuilder text = new StringBuilder();
		if (resourceType != null) {
			text.append(resourceType);
			if (resourceId != null) {
				text.append('/').append(resourceId);
			}
		}
		if (operation != null) {
			if (!text.isEmpty()) {
				text.append('/');
			}
			text.append(operation.startsWith("$") ? operation : "$" + operation);
		}
		if (query != null && !query.isEmpty()) {
			text.append('?').append(query);
		}
		return text.isEmpty() ? "(server)" : text.toString();
	}
}

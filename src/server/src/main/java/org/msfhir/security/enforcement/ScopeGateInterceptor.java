package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletSubRequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import java.util.HashMap;
import java.util.List;
import org.msfhir.common.OperationOutcomes;
import org.msfhir.security.scope.Permission;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.security.audit.AuditInterceptor;

/**
 * Checks each FHIR request against the caller's scopes before HAPI handles it ({@link ScopeGate}),
 * and narrows searches to what the caller may see: a patient-confined token's searches get the
 * patient compartment parameter added ({@code patient=Patient/A}, or {@code _id=A} on Patient), and a
 * search covered only by query-restricted scopes gets the restriction added. Batch and transaction
 * bundles are checked entry by entry (after the body is parsed), and their search entries narrowed.
 */
@Interceptor
public class ScopeGateInterceptor {

	private final RequestAccess.Resolver resolver;
	private final ScopeGate gate;
	private final AuditInterceptor audit;

	public ScopeGateInterceptor(RequestAccess.Resolver resolver, ScopeGate gate, AuditInterceptor audit) {
		this.resolver = resolver;
		this.gate = gate;
		this.audit = audit;
	}

	/** Runs after HAPI has chosen the handler and before search parameters are bound. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -100)
	public void checkRequest(RequestDetails request) {
		RestOperationTypeEnum interaction = request.getRestOperationType();
		if (interaction == RestOperationTypeEnum.METADATA) {
			return;
		}
		AccessPolicy policy = resolver.resolve(request).policy();
		if (policy.unrestricted()) {
			return;
		}
		String refusal = gate.refusal(
				policy,
				interaction,
				request.getResourceName(),
				request.getId() == null ? null : request.getId().getIdPart(),
				request.getOperation(),
				request.getParameters());
		if (refusal != null) {
			refuse(request, refusal);
		}
		if (interaction == RestOperationTypeEnum.SEARCH_TYPE) {
			Map<String, String> narrowing = policy.searchNarrowing(request.getResourceName());
			// Only replace the parameters when there is something to add: HAPI hands out a read-only view,
			// and setting that back breaks its own error handling later (it removes parameters from it).
			if (!narrowing.isEmpty()) {
				request.setParameters(narrowed(request.getParameters(), narrowing));
			}
		} else if ((interaction == RestOperationTypeEnum.DELETE
						|| interaction == RestOperationTypeEnum.UPDATE
						|| interaction == RestOperationTypeEnum.PATCH)
				&& (request.getId() == null || !request.getId().hasIdPart())
				&& request.getCompleteUrl() != null
				&& request.getCompleteUrl().indexOf('?') >= 0) {
			// A conditional write finds its target by search. HAPI takes that search from the request URL
			// as sent, so it cannot be narrowed here: the caller must name its own limit, or is refused.
			Map<String, String> narrowing = policy.searchNarrowing(request.getResourceName());
			String unpinned = unpinnedParameter(request.getCompleteUrl(), narrowing);
			if (unpinned != null) {
				refuse(request, "Access denied: a conditional " + interaction.name().toLowerCase(java.util.Locale.ROOT)
						+ " by this token must limit its search itself: add " + unpinned + "=" + narrowing.get(unpinned)
						+ " (and no other value of " + unpinned + ") to the URL");
			}
		} else if (interaction == RestOperationTypeEnum.CREATE) {
			// A conditional create returns the match it finds: look only where the caller may look.
			String ifNoneExist = request.getHeader(IF_NONE_EXIST);
			Map<String, String> narrowing = policy.searchNarrowing(request.getResourceName());
			if (ifNoneExist != null && !ifNoneExist.isBlank() && !narrowing.isEmpty()) {
				request.setHeaders(IF_NONE_EXIST, List.of(appendParameters(ifNoneExist, narrowing)));
			}
		}
	}

	private static final String IF_NONE_EXIST = "If-None-Exist";

	/** Runs once the body is parsed: checks and narrows every entry of a batch or transaction. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkBundleEntries(RequestDetails request) {
		RestOperationTypeEnum interaction = request.getRestOperationType();
		if ((interaction != RestOperationTypeEnum.TRANSACTION && interaction != RestOperationTypeEnum.BATCH)
				|| request instanceof ServletSubRequestDetails
				|| !(request.getResource() instanceof Bundle bundle)) {
			return;
		}
		AccessPolicy policy = resolver.resolve(request).policy();
		if (policy.unrestricted()) {
			return;
		}
		int index = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			BundleEntryTarget target = BundleEntryTarget.of(entry);
			String refusal = target.problem() != null
					? target.problem()
					: gate.refusal(policy, target.interaction(), target.type(), target.id(), target.operation(),
							target.params());
			if (refusal != null) {
				refuse(request, "Bundle entry " + index + " (" + target.describe() + "): " + refusal);
			}
			Map<String, String> narrowing = target.interaction() == RestOperationTypeEnum.SEARCH_TYPE
							|| (target.interaction() == RestOperationTypeEnum.CREATE && entry.getRequest().hasIfNoneExist())
					? policy.searchNarrowing(target.type())
					: Map.of();
			if (!narrowing.isEmpty()) {
				if (target.interaction() == RestOperationTypeEnum.SEARCH_TYPE) {
					entry.getRequest().setUrl(appendParameters(entry.getRequest().getUrl(), narrowing));
				} else {
					entry.getRequest().setIfNoneExist(appendParameters(entry.getRequest().getIfNoneExist(), narrowing));
				}
			}
			index++;
		}
	}

	/**
	 * A bulk export without {@code _type} is expanded by HAPI to every stored type (AuditEvent
	 * included); keep only the types the caller may read. Explicitly requested types were already
	 * checked by the gate.
	 */
	@Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
	public void limitBulkExportTypes(BulkExportJobParameters parameters, RequestDetails request) {
		if (request == null || parameters.getResourceTypes() == null) {
			return;
		}
		AccessPolicy policy = resolver.resolve(request).policy();
		if (policy.unrestricted()) {
			return;
		}
		List<String> readable = parameters.getResourceTypes().stream()
				.filter(type -> policy.allows(type, Permission.READ))
				.toList();
		if (readable.size() != parameters.getResourceTypes().size()) {
			parameters.setResourceTypes(readable);
		}
	}

	private void refuse(RequestDetails request, String reason) {
		audit.refused(request, reason);
		throw new ForbiddenOperationException(reason, OperationOutcomes.error(OperationOutcome.IssueType.FORBIDDEN, reason));
	}

	/** Adds each narrowing parameter as an extra value (repeated parameters are ANDed in FHIR search). */
	static Map<String, String[]> narrowed(Map<String, String[]> parameters, Map<String, String> narrowing) {
		if (narrowing.isEmpty()) {
			return parameters;
		}
		Map<String, String[]> result = new HashMap<>(parameters);
		narrowing.forEach((name, value) -> {
			String[] existing = result.get(name);
			if (existing == null) {
				result.put(name, new String[] {value});
			} else if (java.util.Arrays.stream(existing).noneMatch(e -> equivalent(e, value))) {
				String[] extended = java.util.Arrays.copyOf(existing, existing.length + 1);
				extended[existing.length] = value;
				result.put(name, extended);
			}
		});
		return result;
	}

	/** The client already asked for exactly this (HAPI refuses a search repeating a parameter value). */
	private static boolean equivalent(String existing, String value) {
		return existing.equals(value) || value.endsWith("/" + existing) || existing.endsWith("/" + value);
	}

	/**
	 * The first narrowing parameter the URL's search does not pin to exactly its value (one occurrence,
	 * that value, no modifier), or null when the search already stays where the caller may look.
	 */
	static String unpinnedParameter(String url, Map<String, String> narrowing) {
		int query = url == null ? -1 : url.indexOf('?');
		String[] pairs = query < 0 ? new String[0] : url.substring(query + 1).split("&");
		for (Map.Entry<String, String> limit : narrowing.entrySet()) {
			// patient=Patient/x and subject=Patient/x select the same resources
			java.util.Set<String> names = "patient".equals(limit.getKey())
					? java.util.Set.of("patient", "subject")
					: java.util.Set.of(limit.getKey());
			int exact = 0;
			boolean other = false;
			for (String pair : pairs) {
				int eq = pair.indexOf('=');
				String name = UrlUtil.unescape(eq < 0 ? pair : pair.substring(0, eq));
				String value = eq < 0 ? "" : UrlUtil.unescape(pair.substring(eq + 1));
				String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
				if (!names.contains(base)) {
					continue;
				}
				if (names.contains(name) && !value.contains(",") && equivalent(value, limit.getValue())) {
					exact++;
				} else {
					other = true;
				}
			}
			if (exact == 0 || other) {
				return limit.getKey();
			}
		}
		return null;
	}

	static String appendParameters(String url, Map<String, String> narrowing) {
		StringBuilder result = new StringBuilder(url);
		// "Observation" -> "Observation?x=..."; "Observation?a=b" and a bare query "a=b" -> "...&x=..."
		char separator = url.indexOf('?') >= 0 || url.indexOf('=') >= 0 ? '&' : '?';
		for (Map.Entry<String, String> entry : narrowing.entrySet()) {
			result.append(separator).append(entry.getKey()).append('=').append(UrlUtil.escapeUrlParam(entry.getValue()));
			separator = '&';
		}
		return result.toString();
	}
}

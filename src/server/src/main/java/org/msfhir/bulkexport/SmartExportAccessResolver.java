package org.msfhir.bulkexport;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.scope.Permission;
import org.msfhir.security.scope.ResourceScope;
import org.msfhir.security.scope.ScopeContext;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.security.scope.SmartScopes;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The export's view of the SMART token: the client id owns the jobs, and the {@code system/} (or
 * {@code user/}) scopes with read permission decide the types, with v2 query restrictions becoming
 * search filters. {@code patient/} scopes do not allow bulk export. Without a token (security mode
 * {@code open}) the caller is the anonymous client with full access.
 */
public class SmartExportAccessResolver implements ExportAccessResolver {

	/** The client id of callers without a token in security mode {@code open}. */
	public static final String ANONYMOUS = "anonymous";

	private final ScopeParser scopeParser;
	private final boolean openMode;

	public SmartExportAccessResolver(ScopeParser scopeParser, boolean openMode) {
		this.scopeParser = scopeParser;
		this.openMode = openMode;
	}

	@Override
	public ExportGrant resolve(RequestDetails request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			if (openMode) {
				return ExportGrant.unrestricted(ANONYMOUS);
			}
			throw new AuthenticationException("Bulk export needs an access token");
		}
		SmartAccess access = SmartAccess.fromClaims(jwt.getClaims(), scopeParser);
		if (access.clientId() == null) {
			throw new ForbiddenOperationException("The access token names no client (client_id)");
		}
		ExportGrant grant = grantOf(access.clientId(), access.scopes());
		// A researcher without identified data gets de-identified files whatever the request says.
		return access.researchOnly()
				? new ExportGrant(grant.clientId(), grant.readable(), grant.explicitOnly(), true)
				: grant;
	}

	/** Maps scopes to a grant: type -> ORed restriction queries, empty list = unrestricted. */
	static ExportGrant grantOf(String clientId, SmartScopes scopes) {
		Map<String, List<String>> readable = new LinkedHashMap<>();
		Map<String, Boolean> unrestricted = new LinkedHashMap<>();
		for (ResourceScope scope : scopes.resourceScopes()) {
			if (scope.context() == ScopeContext.PATIENT || !scope.allows(Permission.READ)) {
				continue;
			}
			String type = scope.isWildcard() ? ExportGrant.ALL_TYPES : scope.resourceType();
			List<String> queries = readable.computeIfAbsent(type, t -> new ArrayList<>());
			if (scope.restriction() == null) {
				unrestricted.put(type, true);
			} else {
				queries.add(scope.restriction().toQueryString());
			}
		}
		unrestricted.keySet().forEach(type -> readable.put(type, List.of()));
		if (readable.isEmpty()) {
			throw new ForbiddenOperationException(
					"Bulk export needs system/ (or user/) read scopes, for example system/*.rs");
		}
		return new ExportGrant(clientId, readable, SmartScopes.EXPLICIT_ONLY_TYPES);
	}
}

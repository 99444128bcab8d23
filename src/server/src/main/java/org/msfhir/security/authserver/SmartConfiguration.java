package org.msfhir.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msfhir.security.ServerUrls;

/**
 * The SMART discovery document ({@code /fhir/.well-known/smart-configuration}) and the OpenID
 * Connect configuration, with absolute URLs of this server. The CapabilityStatement's {@code
 * oauth-uris} extension uses the same {@link #endpoints}.
 */
public class SmartConfiguration {

	public static final List<String> CAPABILITIES = List.of(
			"launch-ehr",
			"launch-standalone",
			"client-public",
			"client-confidential-symmetric",
			"client-confidential-asymmetric",
			"context-ehr-patient",
			"context-ehr-encounter",
			"context-standalone-patient",
			"context-banner",
			"context-style",
			"sso-openid-connect",
			"permission-offline",
			"permission-online",
			"permission-patient",
			"permission-user",
			"permission-v1",
			"permission-v2",
			"authorize-post");

	public static final List<String> SCOPES = List.of(
			"openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter", "offline_access",
			"online_access", "patient/*.cruds", "patient/*.rs", "patient/*.read", "patient/*.write", "patient/*.*",
			"user/*.cruds", "user/*.rs", "user/*.read", "user/*.write", "user/*.*", "system/*.cruds", "system/*.rs",
			"system/*.read", "system/*.write", "system/*.*");

	/** The absolute endpoint URLs for a request. */
	public record Endpoints(
			String issuer, String authorize, String token, String introspect, String revoke, String jwks, String fhirBase) {}

	private final ServerUrls urls;

	public SmartConfiguration(ServerUrls urls) {
		this.urls = urls;
	}

	public Endpoints endpoints(HttpServletRequest request) {
		String auth = urls.authBase(request);
		return new Endpoints(urls.issuer(request), auth + "/authorize", auth + "/token", auth + "/introspect",
				auth + "/revoke", auth + "/jwks", urls.fhirBase(request));
	}

	public Map<String, Object> smartConfiguration(HttpServletRequest request) {
		Endpoints endpoints = endpoints(request);
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("issuer", endpoints.issuer());
		doc.put("jwks_uri", endpoints.jwks());
		doc.put("authorization_endpoint", endpoints.authorize());
		doc.put("token_endpoint", endpoints.token());
		doc.put("introspection_endpoint", endpoints.introspect());
		doc.put("revocation_endpoint", endpoints.revoke());
		doc.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		doc.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
		doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		doc.put("scopes_supported", SCOPES);
		doc.put("response_types_supported", List.of("code"));
		doc.put("code_challenge_methods_supported", List.of("S256"));
		doc.put("capabilities", CAPABILITIES);
		return doc;
	}

	public Map<String, Object> openidConfiguration(HttpServletRequest request) {
		Endpoints endpoints = endpoints(request);
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("issuer", endpoints.issuer());
		doc.put("authorization_endpoint", endpoints.authorize());
		doc.put("token_endpoint", endpoints.token());
		doc.put("jwks_uri", endpoints.jwks());
		doc.put("introspection_endpoint", endpoints.introspect());
		doc.put("revocation_endpoint", endpoints.revoke());
		doc.put("response_types_supported", List.of("code"));
		doc.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		doc.put("subject_types_supported", List.of("public"));
		doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
		doc.put("scopes_supported", List.of("openid", "fhirUser", "profile"));
		doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "fhirUser", "name"));
		doc.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
		doc.put("code_challenge_methods_supported", List.of("S256"));
		return doc;
	}
}

package org.msfhir.security.authserver;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;
import java.util.Set;

/**
 * An OAuth client known to the authorization server. How it authenticates follows from what is
 * registered: a secret (confidential symmetric), a JWK set or JWKS URL (confidential asymmetric,
 * {@code private_key_jwt}), or nothing (public app; PKCE protects its codes).
 *
 * @param clientId the {@code client_id}
 * @param name display name
 * @param encodedSecret the secret in password-encoder form, or null; never logged or returned
 * @param jwks inline public keys, or null
 * @param jwksUri URL of the public keys, or null
 * @param redirectUris exact redirect URIs
 * @param scopes the most the client may be granted
 * @param grantTypes the grant types it may use
 */
public record RegisteredClient(
		String clientId,
		String name,
		String encodedSecret,
		JWKSet jwks,
		String jwksUri,
		List<String> redirectUris,
		List<String> scopes,
		Set<String> grantTypes) {

	public static final String AUTHORIZATION_CODE = "authorization_code";
	public static final String REFRESH_TOKEN = "refresh_token";
	public static final String CLIENT_CREDENTIALS = "client_credentials";

	public RegisteredClient {
		redirectUris = List.copyOf(redirectUris);
		scopes = List.copyOf(scopes);
		grantTypes = Set.copyOf(grantTypes);
	}

	public boolean isPublic() {
		return encodedSecret == null && !isAsymmetric();
	}

	public boolean isAsymmetric() {
		return jwks != null || jwksUri != null;
	}

	public boolean isSymmetric() {
		return encodedSecret != null;
	}

	public boolean allowsGrant(String grantType) {
		return grantTypes.contains(grantType);
	}

	/** The client type as SMART names it, for listings. */
	public String type() {
		if (isAsymmetric()) {
			return "confidential-asymmetric";
		}
		return isSymmetric() ? "confidential-symmetric" : "public";
	}

	@Override
	public String toString() {
		return "RegisteredClient[" + clientId + ", " + type() + "]"; // never the secret
	}
}

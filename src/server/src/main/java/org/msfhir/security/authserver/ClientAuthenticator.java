package org.msfhir.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.util.StringUtils;

/**
 * Finds out which client calls the token, introspection or revocation endpoint: HTTP Basic ({@code
 * client_secret_basic}), {@code client_secret} in the form ({@code client_secret_post}), a signed
 * assertion ({@code private_key_jwt}), or just a {@code client_id} for public clients. A client
 * registered with a secret or keys must use them.
 */
public class ClientAuthenticator {

	private final ClientRegistry clients;
	private final ClientAssertionVerifier assertions;

	public ClientAuthenticator(ClientRegistry clients, ClientAssertionVerifier assertions) {
		this.clients = clients;
		this.assertions = assertions;
	}

	/**
	 * @param request the HTTP request (for the Authorization header)
	 * @param params the form parameters
	 * @param tokenUrl the token endpoint URL, the audience of client assertions
	 */
	public RegisteredClient authenticate(HttpServletRequest request, FormParams params, String tokenUrl) {
		String authorization = request.getHeader("Authorization");
		String assertionType = params.get("client_assertion_type");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return basic(authorization.substring(6).trim());
		}
		if (assertionType != null) {
			if (!ClientAssertionVerifier.ASSERTION_TYPE.equals(assertionType)) {
				throw OAuthException.invalidClient("client_assertion_type must be " + ClientAssertionVerifier.ASSERTION_TYPE);
			}
			String assertion = params.get("client_assertion");
			if (!StringUtils.hasText(assertion)) {
				throw OAuthException.invalidClient("client_assertion is missing");
			}
			return assertions.verify(assertion, tokenUrl, params.get("client_id"));
		}
		String clientId = params.get("client_id");
		RegisteredClient client = clients.find(clientId)
				.orElseThrow(() -> OAuthException.invalidClient("Unknown client: " + (clientId == null ? "(no client_id)" : clientId)));
		String secret = params.get("client_secret");
		if (secret != null) {
			if (!clients.secretMatches(client, secret)) {
				throw OAuthException.invalidClient("Client authentication failed");
			}
			return client;
		}
		if (!client.isPublic()) {
			throw OAuthException.invalidClient(
					"Client " + clientId + " is confidential: authenticate with its secret or a client assertion");
		}
		return client;
	}

	private RegisteredClient basic(String encoded) {
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		} catch (IllegalArgumentException e) {
			throw OAuthException.invalidClient("Malformed Basic authorization header");
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			throw OAuthException.invalidClient("Malformed Basic authorization header");
		}
		String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
		String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
		RegisteredClient client = clients.find(clientId)
				.orElseThrow(() -> OAuthException.invalidClient("Client authentication failed"));
		if (!clients.secretMatches(client, secret)) {
			throw OAuthException.invalidClient("Client authentication failed");
		}
		return client;
	}
}

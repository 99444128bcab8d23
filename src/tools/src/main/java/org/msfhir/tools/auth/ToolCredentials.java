package org.msfhir.tools.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides how a tool authenticates, from its options and the environment. Secrets are taken from
 * environment variables or files only: a secret on the command line would be visible to every user
 * of the machine ({@code ps}) and kept in shell history, so such options are refused.
 *
 * <ul>
 *   <li>{@code --client-id ID} with {@code MSFHIR_CLIENT_SECRET} (or {@code --client-secret-file} /
 *       {@code MSFHIR_CLIENT_SECRET_FILE}): client credentials with a secret;
 *   <li>{@code --client-id ID} with {@code --jwk-file} (or {@code MSFHIR_JWK_FILE}): client
 *       credentials with {@code private_key_jwt};
 *   <li>without a client id: a fixed token from {@code MSFHIR_TOKEN} or {@code --token-file}, or none.
 * </ul>
 *
 * {@code --scope} (default {@value #DEFAULT_SCOPE}) and {@code --token-url} (default: the
 * {@code token_endpoint} of the server's {@code .well-known/smart-configuration}) complete it.
 */
public final class ToolCredentials {

	public static final String DEFAULT_SCOPE = "system/*.cruds";
	/** Options that would carry a secret on the command line. */
	static final List<String> SECRET_OPTIONS = List.of("token", "client-secret", "secret", "password", "jwk");

	private ToolCredentials() {}

	/**
	 * @param option the tool's options by name (null when absent)
	 * @param env the environment
	 * @param fhirBase the server's FHIR base URL (for discovering the token endpoint)
	 */
	public static TokenSource from(Function<String, String> option, Map<String, String> env, String fhirBase) {
		for (String name : SECRET_OPTIONS) {
			if (option.apply(name) != null) {
				throw new IllegalArgumentException("--" + name + " is not accepted: secrets on the command line are visible to"
						+ " other users (ps) and kept in shell history. Use the environment (MSFHIR_TOKEN,"
						+ " MSFHIR_CLIENT_SECRET) or a file (--token-file, --client-secret-file, --jwk-file)");
			}
		}
		String clientId = option.apply("client-id");
		if (clientId == null) {
			String tokenFile = firstNonNull(option.apply("token-file"), env.get("MSFHIR_TOKEN_FILE"));
			return TokenSource.fixed(tokenFile != null ? readSecret(tokenFile) : env.get("MSFHIR_TOKEN"));
		}
		String jwkFile = firstNonNull(option.apply("jwk-file"), env.get("MSFHIR_JWK_FILE"));
		String secretFile = firstNonNull(option.apply("client-secret-file"), env.get("MSFHIR_CLIENT_SECRET_FILE"));
		String secret = secretFile != null ? readSecret(secretFile) : env.get("MSFHIR_CLIENT_SECRET");
		ClientCredentialsTokens.ClientAuthentication authentication;
		if (jwkFile != null) {
			authentication = ClientCredentialsTokens.ClientAuthentication.privateKeyJwt(ClientAssertion.fromJwkFile(Path.of(jwkFile)));
		} else if (secret != null && !secret.isEmpty()) {
			authentication = ClientCredentialsTokens.ClientAuthentication.secret(secret);
		} else {
			throw new IllegalArgumentException("--client-id " + clientId + " needs a credential: MSFHIR_CLIENT_SECRET,"
					+ " --client-secret-file or --jwk-file");
		}
		String tokenUrl = firstNonNull(option.apply("token-url"), env.get("MSFHIR_TOKEN_URL"));
		URI endpoint = URI.create(tokenUrl != null ? tokenUrl : discoverTokenEndpoint(fhirBase));
		String scope = firstNonNull(option.apply("scope"), DEFAULT_SCOPE);
		return new ClientCredentialsTokens(endpoint, clientId, scope, authentication, Clock.systemUTC());
	}

	/** The token endpoint the server announces in {@code .well-known/smart-configuration}. */
	public static String discoverTokenEndpoint(String fhirBase) {
		String base = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
		URI url = URI.create(base + "/.well-known/smart-configuration");
		try {
			HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
					.send(HttpRequest.newBuilder(url).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
			String endpoint = response.statusCode() == 200
					? new ObjectMapper().readTree(response.body()).path("token_endpoint").asText("")
					: "";
			if (endpoint.isEmpty()) {
				throw new IllegalArgumentException(url + " names no token_endpoint (HTTP " + response.statusCode() + "): give --token-url");
			}
			return endpoint;
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read " + url + ": " + e.getMessage() + " (give --token-url)");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static String readSecret(String file) {
		try {
			return Files.readString(Path.of(file)).strip();
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e.getMessage());
		}
	}

	private static String firstNonNull(String a, String b) {
		return a != null ? a : b;
	}
}

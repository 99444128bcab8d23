package org.msfhir.security.authserver;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.msfhir.security.SecurityProperties;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.StringUtils;

/**
 * The OAuth clients: those of {@code msfhir.security.clients} and those added through the admin API
 * (stored in the database by {@link RegistrationStore}, loaded after the configured ones, so an admin
 * registration replaces a configured client of the same id). Secrets are kept only in hashed or
 * encoder form and are never returned or logged.
 */
public class ClientRegistry {

	private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
	/** When this instance learnt each registration: a deletion made later on another instance outranks it. */
	private final Map<String, java.time.Instant> registeredAt = new ConcurrentHashMap<>();
	private final PasswordEncoder passwordEncoder;
	private final RegistrationStore store;

	public ClientRegistry(List<SecurityProperties.Client> configured, PasswordEncoder passwordEncoder) {
		this(configured, passwordEncoder, null);
	}

	/**
	 * @param store where admin registrations are kept, or null to keep them in memory only
	 */
	public ClientRegistry(
			List<SecurityProperties.Client> configured, PasswordEncoder passwordEncoder, RegistrationStore store) {
		this.passwordEncoder = passwordEncoder;
		this.store = store;
		configured.forEach(this::register);
		if (store != null) {
			store.clients().forEach(this::register);
		}
	}

	/** Registers a client through the admin API: checked, then stored so that it survives restarts. */
	public RegisteredClient registerAndStore(SecurityProperties.Client registration) {
		SecurityProperties.Client encoded = new SecurityProperties.Client(
				registration.clientId(),
				registration.name(),
				// Through the API a secret is always plain text: hash it whatever it looks like.
				StringUtils.hasText(registration.secret()) ? passwordEncoder.encode(registration.secret()) : "",
				registration.jwksUri(),
				registration.jwks(),
				registration.redirectUris(),
				registration.scopes(),
				registration.grantTypes());
		RegisteredClient client = register(encoded);
		if (store != null) {
			store.saveClient(encoded);
		}
		return client;
	}

	public Optional<RegisteredClient> find(String clientId) {
		return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
	}

	public Collection<RegisteredClient> all() {
		return List.copyOf(clients.values());
	}

	public boolean remove(String clientId) {
		if (store != null) {
			store.deleteClient(clientId);
		}
		return clients.remove(clientId) != null;
	}

	/** When this instance registered (or loaded) the client, if it knows it. */
	public Optional<java.time.Instant> registeredAt(String clientId) {
		return Optional.ofNullable(registeredAt.get(clientId));
	}

	/** Whether {@code secret} is the client's secret. */
	public boolean secretMatches(RegisteredClient client, String secret) {
		try {
			return client.encodedSecret() != null && secret != null && passwordEncoder.matches(secret, client.encodedSecret());
		} catch (IllegalArgumentException unknownEncoding) {
			return false; // a configured secret with an unknown {prefix}
		}
	}

	/**
	 * Registers (or replaces) a client. A secret without an encoder prefix ({@code {noop}}, {@code
	 * {bcrypt}}) is taken as plain text and hashed.
	 *
	 * @throws IllegalArgumentException when the registration is inconsistent
	 */
	public RegisteredClient register(SecurityProperties.Client registration) {
		String clientId = registration.clientId();
		if (!StringUtils.hasText(clientId) || !clientId.matches("[A-Za-z0-9._~-]{1,128}")) {
			throw new IllegalArgumentException("client_id must be 1-128 characters of A-Z a-z 0-9 . _ ~ -");
		}
		boolean hasSecret = StringUtils.hasText(registration.secret());
		boolean hasKeys = StringUtils.hasText(registration.jwks()) || StringUtils.hasText(registration.jwksUri());
		if (hasSecret && hasKeys) {
			throw new IllegalArgumentException(
					"Client " + clientId + ": register either a secret or keys (jwks / jwks-uri), not both");
		}
		JWKSet jwks = StringUtils.hasText(registration.jwks()) ? parsePublicKeys(clientId, registration.jwks()) : null;
		String jwksUri = StringUtils.hasText(registration.jwksUri()) ? checkUrl(clientId, registration.jwksUri()) : null;
		registration.redirectUris().forEach(uri -> checkUrl(clientId, uri));
		String encodedSecret = hasSecret ? encode(registration.secret()) : null;
		Set<String> grants = new LinkedHashSet<>(registration.grantTypes());
		if (grants.isEmpty()) {
			if (hasKeys) {
				grants.add(RegisteredClient.CLIENT_CREDENTIALS);
			} else {
				grants.add(RegisteredClient.AUTHORIZATION_CODE);
				grants.add(RegisteredClient.REFRESH_TOKEN);
			}
		}
		for (String grant : grants) {
			if (!Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN, RegisteredClient.CLIENT_CREDENTIALS)
					.contains(grant)) {
				throw new IllegalArgumentException("Client " + clientId + ": unsupported grant type " + grant);
			}
		}
		if (grants.contains(RegisteredClient.CLIENT_CREDENTIALS) && !hasSecret && !hasKeys) {
			throw new IllegalArgumentException("Client " + clientId + ": client_credentials needs a secret or keys");
		}
		if (grants.contains(RegisteredClient.AUTHORIZATION_CODE) && registration.redirectUris().isEmpty()) {
			throw new IllegalArgumentException("Client " + clientId + ": authorization_code needs redirect URIs");
		}
		RegisteredClient client = new RegisteredClient(
				clientId,
				StringUtils.hasText(registration.name()) ? registration.name() : clientId,
				encodedSecret,
				jwks,
				jwksUri,
				registration.redirectUris(),
				registration.scopes(),
				grants);
		clients.put(clientId, client);
		registeredAt.put(clientId, java.time.Instant.now());
		return client;
	}

	private String encode(String secret) {
		return secret.startsWith("{") && secret.indexOf('}') > 1 ? secret : passwordEncoder.encode(secret);
	}

	private static JWKSet parsePublicKeys(String clientId, String json) {
		try {
			String trimmed = json.trim();
			JWKSet set = trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(JWK.parse(trimmed));
			for (JWK key : set.getKeys()) {
				if (key.isPrivate()) {
					throw new IllegalArgumentException("Client " + clientId + ": register public keys only");
				}
				if (key.getKeyID() == null) {
					throw new IllegalArgumentException("Client " + clientId + ": every key needs a kid");
				}
			}
			return set;
		} catch (ParseException e) {
			throw new IllegalArgumentException("Client " + clientId + ": jwks is not a JWK set: " + e.getMessage());
		}
	}

	private static String checkUrl(String clientId, String url) {
		try {
			URI uri = URI.create(url);
			if (uri.getScheme() == null || uri.getFragment() != null) {
				throw new IllegalArgumentException("Client " + clientId + ": " + url + " must be absolute, without #fragment");
			}
			return url;
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Client " + clientId + ": invalid URL " + url);
		}
	}
}

package org.msfhir.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Refuses to start a server reachable from other machines while it has the quick start's published
 * demo credentials: the demo client secret, the demo password or the demo backend key (whose private
 * half is in the repository). On a loopback-bound server they are allowed, for trying things out.
 */
public final class DemoCredentialsGuard {

	/** Secrets and passwords published in the quick-start configuration and the documentation. */
	static final List<String> DEMO_SECRETS = List.of("demo-confidential-secret", "ms-demo");
	/** Key id of the demo backend service key, whose private key is published. */
	static final String DEMO_KEY_ID = "demo-backend-es384-1";

	private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private DemoCredentialsGuard() {}

	/**
	 * @param bindAddress {@code server.address}
	 * @throws IllegalStateException naming the accounts with demo credentials, unless bound to loopback
	 */
	public static void check(String bindAddress, SecurityProperties properties) {
		if (OpenModeGuard.isLoopback(bindAddress)) {
			return;
		}
		List<String> found = new ArrayList<>();
		for (SecurityProperties.Client client : properties.clients()) {
			if (isDemo(client.secret()) || client.jwks().contains(DEMO_KEY_ID)) {
				found.add("client " + client.clientId());
			}
		}
		for (SecurityProperties.User user : properties.users()) {
			if (isDemo(user.password())) {
				found.add("user " + user.username());
			}
		}
		if (!found.isEmpty()) {
			throw new IllegalStateException("Known demo credentials are configured for " + String.join(", ", found)
					+ " and the server listens on '" + (bindAddress == null ? "" : bindAddress)
					+ "' (reachable from other machines). Remove the demo accounts (msfhir.security.clients / users; "
					+ "the postgres profile has none) or give them your own secrets (MSFHIR_DEMO_CLIENT_SECRET, "
					+ "MSFHIR_DEMO_PASSWORD; demo-backend must go), or bind to 127.0.0.1 (server.address).");
		}
	}

	static boolean isDemo(String configured) {
		if (configured == null || configured.isBlank()) {
			return false;
		}
		for (String demo : DEMO_SECRETS) {
			if (configured.equals(demo)) {
				return true;
			}
			if (configured.startsWith("{")) {
				try {
					if (ENCODER.matches(demo, configured)) {
						return true;
					}
				} catch (IllegalArgumentException unknownEncoding) {
					return false;
				}
			}
		}
		return false;
	}
}

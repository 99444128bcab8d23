package org.msfhir.security.authserver;

import java.util.stream.Collectors;
import org.msfhir.server.FhirServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.StringUtils;

/**
 * Tells whoever starts the server how to get a token: the discovery URL, the registered clients, a
 * curl line for a client that may use {@code client_credentials} with its secret, and the login
 * accounts. Never prints a secret, password or key.
 */
public class QuickStartBanner implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger LOG = LoggerFactory.getLogger("org.msfhir.security.quickstart");

	private final ClientRegistry clients;
	private final UserAccounts users;
	private final FhirServerProperties fhir;

	public QuickStartBanner(ClientRegistry clients, UserAccounts users, FhirServerProperties fhir) {
		this.clients = clients;
		this.users = users;
		this.fhir = fhir;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getParent() != null && event.getApplicationContext().getId() != null
				&& event.getApplicationContext().getId().contains("management")) {
			return;
		}
		String fhirBase = StringUtils.hasText(fhir.serverAddress())
				? fhir.serverAddress().replaceAll("/+$", "")
				: "http://localhost:" + event.getWebServer().getPort() + "/fhir";
		String authBase = fhirBase.endsWith("/fhir") ? fhirBase.substring(0, fhirBase.length() - 5) + "/auth" : fhirBase + "/../auth";
		StringBuilder text = new StringBuilder("\n--- SMART on FHIR (embedded authorization server) ---\n");
		text.append("Discovery: ").append(fhirBase).append("/.well-known/smart-configuration\n");
		text.append("Clients:   ").append(clients.all().isEmpty() ? "(none; register them in msfhir.security.clients)" :
				clients.all().stream().map(c -> c.clientId() + " (" + c.type() + ")").sorted().collect(Collectors.joining(", ")))
				.append('\n');
		clients.all().stream()
				.filter(c -> c.isSymmetric() && c.allowsGrant(RegisteredClient.CLIENT_CREDENTIALS))
				.findFirst()
				.ifPresent(c -> text.append("Token:     curl -s -u '").append(c.clientId())
						.append(":<its secret>' -d grant_type=client_credentials -d 'scope=system/*.rs' ")
						.append(authBase).append("/token\n")
						.append("           (its secret is set in msfhir.security.clients; then: curl -H \"Authorization: Bearer $TOKEN\" ")
						.append(fhirBase).append("/Patient)\n"));
		clients.all().stream()
				.filter(RegisteredClient::isAsymmetric)
				.findFirst()
				.ifPresent(c -> text.append("Backend:   ").append(c.clientId())
						.append(" authenticates with a signed JWT (private_key_jwt, RS384/ES384): see docs/smart.md\n"));
		text.append("Users:     ").append(users.all().isEmpty() ? "(none)" :
				users.all().stream()
						.map(u -> u.username() + (u.fhirUser() != null ? " (" + u.fhirUser() + ")" : ""))
						.sorted()
						.collect(Collectors.joining(", ")))
				.append(users.all().isEmpty() ? "" : "; passwords are in msfhir.security.users").append('\n');
		LOG.info("{}", text);
	}
}

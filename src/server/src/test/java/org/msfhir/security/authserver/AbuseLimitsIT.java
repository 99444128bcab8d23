package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Guessing and flooding, each next to the legitimate use: password spraying from one address is
 * slowed down, an attacker cannot keep a user locked out, a flood of unfinished authorization
 * requests from one address does not block anybody else's sign-in, and secret guessing at the token
 * endpoint is slowed down. Callers at different addresses are simulated with X-Forwarded-For, which
 * the test profile trusts from loopback (as a server behind a local reverse proxy does).
 */
@ExtendWith(OutputCaptureExtension.class)
class AbuseLimitsIT extends OAuthTestSupport {

	private static final String REDIRECT = "http://localhost:9/abuse";

	private String clientId;
	private String username;

	@BeforeEach
	void clientAndUser() {
		clientId = unique("abuse");
		HttpResponse<String> client = admin("clients", Map.of(
				"client_id", clientId, "redirect_uris", List.of(REDIRECT), "scope", "openid user/Patient.rs"));
		assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
		username = unique("user");
		HttpResponse<String> user = admin("users", Map.of("username", username, "password", "pw-" + username));
		assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
	}

	@Test
	void passwordSprayingFromOneAddressIsSlowedDownAndLogged(CapturedOutput output) {
		String attacker = randomAddress("198.18.");
		String txn = txn(authorize(attacker));
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			statuses.add(login(attacker, txn, "sprayed-" + i, "Winter2026!").statusCode());
		}
		assertThat(statuses.subList(0, LoginThrottle.FREE_PER_ADDRESS)).containsOnly(401);
		assertThat(statuses).contains(429);
		assertThat(login(attacker, txn, "sprayed-x", "Winter2026!").body()).contains("Too many failed sign-ins");
		assertThat(output.getOut()).contains("Failed sign-in: user=sprayed-3 address=" + attacker);

		String user = randomAddress("198.19.");
		assertThat(login(user, txn(authorize(user)), username, "pw-" + username).statusCode())
				.as("a user at another address signs in").isEqualTo(302);
	}

	@Test
	void anAttackerCannotKeepAUserLockedOut() {
		String attacker = randomAddress("198.18.");
		String txn = txn(authorize(attacker));
		for (int i = 0; i <= LoginThrottle.FREE_PER_ACCOUNT + 2; i++) {
			login(attacker, txn, username, "guess-" + i);
		}
		assertThat(login(attacker, txn, username, "pw-" + username).statusCode())
				.as("the attacker's address waits, even with the right password").isEqualTo(429);

		String user = randomAddress("198.19.");
		assertThat(login(user, txn(authorize(user)), username, "pw-" + username).statusCode())
				.as("the user, from their own address").isEqualTo(302);
	}

	@Test
	void aFloodOfAuthorizationRequestsFromOneAddressDoesNotBlockOthers() {
		String flooder = randomAddress("198.18.");
		for (int i = 0; i < AuthorizeEndpoint.MAX_PENDING_PER_ADDRESS; i++) {
			assertThat(authorize(flooder).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = authorize(flooder);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("Too many unfinished sign-ins");

		String user = randomAddress("198.19.");
		assertThat(login(user, txn(authorize(user)), username, "pw-" + username).statusCode()).isEqualTo(302);
	}

	@Test
	void secretGuessingAtTheTokenEndpointIsSlowedDown() {
		String attacker = randomAddress("198.18.");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 26; i++) {
			statuses.add(clientCredentials(attacker, basic("victim-" + i, "guess")).statusCode());
		}
		assertThat(statuses.subList(0, LoginThrottle.FREE_PER_ADDRESS)).containsOnly(401);
		assertThat(statuses).contains(429);

		String legitimate = confidentialClient("system/Patient.rs");
		assertThat(clientCredentials(randomAddress("198.19."), legitimate).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> clientCredentials(String from, String basic) {
		return send(anonymousRequest(tokenUrl())
				.header("X-Forwarded-For", from)
				.header("Authorization", basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params("grant_type", "client_credentials", "scope", "system/Patient.rs")))));
	}

	private static String basic(String id, String secret) {
		return "Basic " + java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private HttpResponse<String> authorize(String from) {
		Map<String, String> params = params(
				"response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", "openid user/Patient.rs",
				"state", "s", "aud", baseUrl(), "code_challenge", Pkce.create().challenge(), "code_challenge_method", "S256");
		return send(anonymousRequest(authUrl("authorize?" + form(params))).header("X-Forwarded-For", from));
	}

	private HttpResponse<String> login(String from, String txn, String user, String password) {
		return send(anonymousRequest(authUrl("login"))
				.header("X-Forwarded-For", from)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params("txn", txn, "username", user, "password", password)))));
	}

	/** A random address of the benchmarking range (not one Tomcat takes for an internal proxy). */
	private static String randomAddress(String prefix) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return prefix + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
	}
}

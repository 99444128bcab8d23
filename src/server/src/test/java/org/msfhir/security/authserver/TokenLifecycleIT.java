package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of a token after it is issued: refresh tokens rotate and a reused one revokes its whole
 * family; a refresh follows the client's current registration; revoking a refresh token or deleting
 * the client ends the access tokens made under it; introspection shows a client its own tokens only.
 * Each attack next to the legitimate use.
 */
class TokenLifecycleIT extends OAuthTestSupport {

	static final String REDIRECT = "http://localhost:9/lifecycle";
	static final String SCOPES = "openid fhirUser offline_access user/Patient.rs user/Observation.rs";

	private String clientId;
	private String username;

	@BeforeEach
	void clientAndUser() {
		clientId = unique("lifecycle");
		registerClient(SCOPES);
		username = unique("nurse");
		HttpResponse<String> user = admin("users", Map.of(
				"username", username, "password", "pw-" + username, "fhirUser", "Practitioner/p-" + username));
		assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
	}

	@Test
	void refreshTokensRotateAndAReusedOneRevokesTheWholeFamily() {
		JsonNode first = signIn(authUrl(""), SCOPES);
		JsonNode second = refresh(first.path("refresh_token").asText());
		assertThat(second.path("refresh_token").asText()).isNotBlank().isNotEqualTo(first.path("refresh_token").asText());
		assertThat(readPatients(second.path("access_token").asText())).as("the refreshed token works").isEqualTo(200);

		// Someone replays the first refresh token (stolen, or an old copy): refused, and the family ends.
		HttpResponse<String> replay = refreshResponse(first.path("refresh_token").asText(), null);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(json(replay).path("error").asText()).isEqualTo("invalid_grant");
		assertThat(json(replay).path("error_description").asText()).contains("already been used");
		assertThat(refreshResponse(second.path("refresh_token").asText(), null).statusCode())
				.as("the newest refresh token of the family").isEqualTo(400);
		assertThat(readPatients(second.path("access_token").asText())).as("access tokens of the family").isEqualTo(401);
		assertThat(readPatients(first.path("access_token").asText())).isEqualTo(401);
	}

	@Test
	void aRefreshOnlyRenewsScopesTheClientIsStillRegisteredFor() {
		JsonNode first = signIn(authUrl(""), SCOPES);
		assertThat(first.path("scope").asText()).contains("user/Observation.rs");
		registerClient("openid fhirUser offline_access user/Patient.rs"); // an administrator narrows the client

		JsonNode refreshed = refresh(first.path("refresh_token").asText());
		assertThat(refreshed.path("scope").asText()).isEqualTo("openid fhirUser offline_access user/Patient.rs");
		String access = refreshed.path("access_token").asText();
		assertThat(readPatients(access)).isEqualTo(200);
		assertThat(send(anonymousRequest("Observation?_count=1").header("Authorization", "Bearer " + access)).statusCode())
				.as("the scope removed from the registration").isEqualTo(403);
	}

	@Test
	void revokingARefreshTokenEndsTheAccessTokensMadeFromIt() {
		JsonNode tokens = signIn(authUrl(""), SCOPES);
		JsonNode other = signIn(authUrl(""), SCOPES);
		assertThat(readPatients(tokens.path("access_token").asText())).isEqualTo(200);

		assertThat(postForm(authUrl("revoke"), params("token", tokens.path("refresh_token").asText(), "client_id", clientId))
				.statusCode()).isEqualTo(200);
		assertThat(readPatients(tokens.path("access_token").asText())).isEqualTo(401);
		assertThat(readPatients(other.path("access_token").asText())).as("another sign-in of the same app").isEqualTo(200);
	}

	@Test
	void deletingAClientEndsItsTokens() {
		JsonNode tokens = signIn(authUrl(""), SCOPES);
		assertThat(readPatients(tokens.path("access_token").asText())).isEqualTo(200);

		HttpResponse<String> deleted = send(anonymousRequest(authUrl("admin/clients/" + clientId))
				.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null))
				.DELETE());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(readPatients(tokens.path("access_token").asText())).isEqualTo(401);
		assertThat(refreshResponse(tokens.path("refresh_token").asText(), null).statusCode()).isEqualTo(401);

		// A client registered again under the same id starts afresh (from the next second on: token
		// iat claims have whole seconds).
		sleepPastTheSecond();
		registerClient(SCOPES);
		assertThat(readPatients(signIn(authUrl(""), SCOPES).path("access_token").asText())).isEqualTo(200);
	}

	@Test
	void introspectionShowsAClientItsOwnTokensOnly() {
		String appToken = signIn(authUrl(""), SCOPES).path("access_token").asText();
		String nosy = confidentialClient("system/Patient.rs");
		assertThat(json(introspect(nosy, appToken)).path("active").asBoolean())
				.as("another client's token").isFalse();
		assertThat(json(introspect(introspectingClient(), appToken)).path("active").asBoolean())
				.as("a resource server registered for introspection").isTrue();

		HttpResponse<String> own = send(anonymousRequest(tokenUrl())
				.header("Authorization", nosy)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params("grant_type", "client_credentials", "scope", "system/Patient.rs")))));
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(json(introspect(nosy, json(own).path("access_token").asText())).path("active").asBoolean())
				.as("its own token").isTrue();
	}

	@Test
	void aSigningKeyRotationPublishesTheNextKeyWithoutBreakingTokens() {
		String before = signIn(authUrl(""), SCOPES).path("access_token").asText();
		HttpResponse<String> refused = send(anonymousRequest(authUrl("admin/signing-keys/rotate"))
				.header("Authorization", "Bearer " + tokenFor("system/*.rs", null))
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refused.statusCode()).as("rotation needs msfhir/admin").isEqualTo(403);

		HttpResponse<String> rotated = send(anonymousRequest(authUrl("admin/signing-keys/rotate"))
				.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null))
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
		String added = json(rotated).path("added").asText();
		String active = json(rotated).path("active").asText();
		assertThat(added).isNotEqualTo(active);
		assertThat(send(anonymousRequest(authUrl("jwks"))).body()).as("published before use").contains(added);

		String after = signIn(authUrl(""), SCOPES).path("access_token").asText();
		assertThat(readPatients(before)).isEqualTo(200);
		assertThat(readPatients(after)).isEqualTo(200);
		assertThat(after.substring(0, after.indexOf('.'))).as("still signed by the active key").isEqualTo(before.substring(0, before.indexOf('.')));
	}

	@Test
	void twoInstancesOnOneDatabaseShareSignInsAndRevocationsAndARestartLosesNothing() throws Exception {
		// A second server is needed to show what a second instance (or a restarted one) sees; it runs
		// on the same PostgreSQL and, like instances behind one load balancer, under the same public URL.
		try (SecondInstance b = SecondInstance.start(baseUrl())) {
			String bAuth = b.authBase();
			// Authorization started on A, sign-in on B, code redeemed on A: pending logins and codes are shared.
			Pkce pkce = Pkce.create();
			JsonNode tokens = exchange(authUrl(""), code(authUrl(""), bAuth, pkce, SCOPES), pkce);
			assertThat(readPatients(b.fhirBase(), tokens.path("access_token").asText())).isEqualTo(200);

			// Refreshed on B; the old refresh token replayed on A is recognised as reuse.
			JsonNode refreshed = json(refreshResponse(tokens.path("refresh_token").asText(), bAuth));
			assertThat(refreshed.path("access_token").asText()).isNotBlank();
			assertThat(refreshResponse(tokens.path("refresh_token").asText(), null).statusCode()).isEqualTo(400);
			awaitStatus(b.fhirBase(), refreshed.path("access_token").asText(), 401);

			// An access token revoked on A is refused on B (within the revocation cache time).
			JsonNode second = signIn(authUrl(""), SCOPES);
			assertThat(readPatients(b.fhirBase(), second.path("access_token").asText())).isEqualTo(200);
			assertThat(postForm(authUrl("revoke"), params("token", second.path("access_token").asText(), "client_id", clientId))
					.statusCode()).isEqualTo(200);
			awaitStatus(b.fhirBase(), second.path("access_token").asText(), 401);

			// Restart B: the revocation, the refresh token and a half-finished sign-in are all still there.
			Pkce pending = Pkce.create();
			Map<String, String> params = params(
					"response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", SCOPES,
					"state", "s", "aud", baseUrl(), "code_challenge", pending.challenge(), "code_challenge_method", "S256");
			HttpResponse<String> page = send(anonymousRequest(bAuth + "authorize?" + form(params)));
			String pendingTxn = txn(page);
			b.restart();
			String restartedAuth = b.authBase();
			assertThat(readPatients(b.fhirBase(), second.path("access_token").asText())).isEqualTo(401);
			HttpResponse<String> renewed = refreshResponse(second.path("refresh_token").asText(), restartedAuth);
			assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
			assertThat(readPatients(b.fhirBase(), json(renewed).path("access_token").asText())).isEqualTo(200);
			HttpResponse<String> finished = postForm(restartedAuth + "login",
					params("txn", pendingTxn, "username", username, "password", "pw-" + username));
			assertThat(finished.statusCode()).as(finished.body()).isEqualTo(302);
			String code = query(finished.headers().firstValue("Location").orElseThrow()).get("code");
			assertThat(exchange(authUrl(""), code, pending).path("access_token").asText()).isNotBlank();

			// A client deleted through A gets no new tokens from B, which still has it in memory.
			assertThat(send(anonymousRequest(authUrl("admin/clients/" + clientId))
					.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null)).DELETE()).statusCode()).isEqualTo(204);
			Pkce late = Pkce.create();
			String lateCode = code(restartedAuth, restartedAuth, late, SCOPES);
			HttpResponse<String> refused = postForm(restartedAuth + "token", params(
					"grant_type", "authorization_code", "code", lateCode, "redirect_uri", REDIRECT,
					"client_id", clientId, "code_verifier", late.verifier()));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
			assertThat(json(refused).path("error").asText()).isEqualTo("invalid_client");
		}
	}

	private void awaitStatus(String fhirBase, String token, int status) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 15_000;
		int last = readPatients(fhirBase, token);
		while (last != status && System.currentTimeMillis() < deadline) {
			Thread.sleep(500);
			last = readPatients(fhirBase, token);
		}
		assertThat(last).as("status on the other instance").isEqualTo(status);
	}

	private static void sleepPastTheSecond() {
		try {
			Thread.sleep(1100);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	// --- helpers ---

	void registerClient(String scope) {
		HttpResponse<String> client = admin("clients", Map.of(
				"client_id", clientId, "client_name", "Lifecycle app", "redirect_uris", List.of(REDIRECT), "scope", scope));
		assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
	}

	/** Signs in through the authorization server at {@code authBase} (ending in /auth/) and returns the token response. */
	JsonNode signIn(String authBase, String scope) {
		Pkce pkce = Pkce.create();
		String code = code(authBase, authBase, pkce, scope);
		return exchange(authBase, code, pkce);
	}

	/** Starts the authorization at one server and signs in at another (both may be the same). */
	String code(String authorizeAt, String signInAt, Pkce pkce, String scope) {
		Map<String, String> params = params(
				"response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", scope,
				"state", "s", "aud", baseUrl(), "code_challenge", pkce.challenge(), "code_challenge_method", "S256");
		HttpResponse<String> page = send(anonymousRequest(authorizeAt + "authorize?" + form(params)));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		HttpResponse<String> back = postForm(signInAt + "login",
				params("txn", txn(page), "username", username, "password", "pw-" + username));
		assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
		return query(back.headers().firstValue("Location").orElseThrow()).get("code");
	}

	JsonNode exchange(String authBase, String code, Pkce pkce) {
		HttpResponse<String> response = postForm(authBase + "token", params(
				"grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"client_id", clientId, "code_verifier", pkce.verifier()));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	JsonNode refresh(String refreshToken) {
		HttpResponse<String> response = refreshResponse(refreshToken, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	HttpResponse<String> refreshResponse(String refreshToken, String authBase) {
		return postForm((authBase == null ? authUrl("") : authBase) + "token",
				params("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
	}

	int readPatients(String accessToken) {
		return readPatients(baseUrl(), accessToken);
	}

	int readPatients(String fhirBase, String accessToken) {
		return send(anonymousRequest(fhirBase + "/Patient?_count=1").header("Authorization", "Bearer " + accessToken))
				.statusCode();
	}

	String clientId() {
		return clientId;
	}

	private static Map<String, String> query(String location) {
		assertThat(location).startsWith(REDIRECT + "?");
		Map<String, String> result = new HashMap<>();
		for (String pair : URI.create(location).getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			result.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
		}
		return result;
	}
}

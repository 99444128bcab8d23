package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMART App Launch over plain HTTP, as a browser and an app would drive it: authorize, sign in,
 * pick a patient, exchange the code with PKCE, use and refresh the token; EHR launch with a launch
 * context from the admin API; and the requests that must be refused.
 */
class AuthorizationCodeFlowIT extends OAuthTestSupport {

	private static final String REDIRECT = "http://localhost:9/callback";

	private String clientId;
	private String username;
	private String patientId;

	@BeforeEach
	void clientUserAndPatient() {
		clientId = unique("app");
		HttpResponse<String> client = admin("clients", Map.of(
				"client_id", clientId,
				"client_name", "Test app",
				"redirect_uris", List.of(REDIRECT),
				"scope", "launch launch/patient openid fhirUser profile offline_access patient/*.cruds user/*.rs"));
		assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
		username = unique("doc");
		HttpResponse<String> user = admin("users", Map.of(
				"username", username, "password", "pw-" + username, "fhirUser", "Practitioner/p-" + username, "name", "Dr Test"));
		assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
		Patient patient = new Patient();
		patient.addName().setFamily("Charcot-" + username).addGiven("Jean");
		patientId = client().create().resource(patient).execute().getId().getIdPart();
	}

	@Test
	void standaloneLaunchWithPatientPickerGivesAFullTokenResponse() throws Exception {
		Pkce pkce = Pkce.create();
		HttpResponse<String> loginPage = authorize(authorizeParams(pkce, "launch/patient openid fhirUser offline_access patient/*.rs"));
		assertThat(loginPage.statusCode()).isEqualTo(200);
		assertThat(loginPage.body()).contains("Test app", "patient/*.rs");

		HttpResponse<String> picker = login(txn(loginPage), username, "pw-" + username);
		assertThat(picker.statusCode()).isEqualTo(200);
		assertThat(picker.body()).contains("Choose a patient");
		HttpResponse<String> search = send(anonymousRequest(authUrl("patient?txn=" + txn(picker) + "&q=Charcot-" + username)));
		assertThat(search.body()).contains("Patient/" + patientId);

		HttpResponse<String> back = postForm(authUrl("patient"), params("txn", txn(picker), "patient", patientId));
		Map<String, String> callback = callback(back, REDIRECT);
		assertThat(callback).containsEntry("state", "st-123").containsKey("code");

		HttpResponse<String> tokenResponse = exchange(callback.get("code"), pkce.verifier());
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
		assertThat(tokenResponse.headers().firstValue("Pragma")).hasValue("no-cache");
		JsonNode token = json(tokenResponse);
		assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(token.path("expires_in").asLong()).isBetween(1L, 3600L);
		assertThat(token.path("scope").asText()).isEqualTo("launch/patient openid fhirUser offline_access patient/*.rs");
		assertThat(token.path("patient").asText()).isEqualTo(patientId);
		assertThat(token.path("need_patient_banner").asBoolean()).isTrue();
		assertThat(token.path("smart_style_url").asText()).startsWith("http://localhost:" + port + "/auth/");
		assertThat(token.path("refresh_token").asText()).isNotBlank();

		SignedJWT idToken = SignedJWT.parse(token.path("id_token").asText());
		assertThat(idToken.getJWTClaimsSet().getStringClaim("fhirUser")).isEqualTo(baseUrl() + "/Practitioner/p-" + username);
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(clientId);
		assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");

		SignedJWT access = SignedJWT.parse(token.path("access_token").asText());
		assertThat(access.getJWTClaimsSet().getStringClaim("patient")).isEqualTo(patientId);
		assertThat(access.getJWTClaimsSet().getStringClaim("fhirUser")).isEqualTo("Practitioner/p-" + username);
		assertThat(access.getJWTClaimsSet().getAudience()).containsExactly(baseUrl());

		HttpResponse<String> read = send(anonymousRequest("Patient/" + patientId)
				.header("Authorization", "Bearer " + token.path("access_token").asText()));
		assertThat(read.statusCode()).isEqualTo(200);

		// Refresh: a new access token and a new refresh token of the same grant; a broader scope is refused.
		HttpResponse<String> refreshed = postForm(tokenUrl(), params(
				"grant_type", "refresh_token", "refresh_token", token.path("refresh_token").asText(), "client_id", clientId));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed).path("access_token").asText()).isNotEqualTo(token.path("access_token").asText());
		assertThat(json(refreshed).path("patient").asText()).isEqualTo(patientId);
		String rotated = json(refreshed).path("refresh_token").asText();
		assertThat(rotated).isNotBlank().isNotEqualTo(token.path("refresh_token").asText());
		HttpResponse<String> broader = postForm(tokenUrl(), params(
				"grant_type", "refresh_token", "refresh_token", rotated, "client_id", clientId,
				"scope", "patient/*.cruds"));
		assertThat(broader.statusCode()).isEqualTo(400);
		assertThat(json(broader).path("error").asText()).isEqualTo("invalid_scope");

		// Introspection shows the launch context; revoking the refresh token ends refreshing.
		JsonNode info = json(introspect(introspectingClient(), json(refreshed).path("access_token").asText()));
		assertThat(info.path("active").asBoolean()).isTrue();
		assertThat(info.path("patient").asText()).isEqualTo(patientId);
		assertThat(info.path("client_id").asText()).isEqualTo(clientId);
		assertThat(postForm(authUrl("revoke"), params("token", rotated, "client_id", clientId))
				.statusCode()).isEqualTo(200);
		HttpResponse<String> afterRevoke = postForm(tokenUrl(), params(
				"grant_type", "refresh_token", "refresh_token", rotated, "client_id", clientId));
		assertThat(json(afterRevoke).path("error").asText()).isEqualTo("invalid_grant");
	}

	@Test
	void v1ScopesAreEchoedInV1FormAndPostAuthorizeWorks() {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce, "patient/*.read user/Patient.read");
		HttpResponse<String> loginPage = send(anonymousRequest(authUrl("authorize"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(params))));
		assertThat(loginPage.statusCode()).isEqualTo(200);
		Map<String, String> callback = callback(login(txn(loginPage), username, "pw-" + username), REDIRECT);
		JsonNode token = json(exchange(callback.get("code"), pkce.verifier()));
		assertThat(token.path("scope").asText()).isEqualTo("patient/*.read user/Patient.read");
		assertThat(token.has("refresh_token")).isFalse();
		assertThat(token.has("id_token")).isFalse();
	}

	@Test
	void ehrLaunchUsesTheServerIssuedLaunchContext() throws Exception {
		Encounter encounter = new Encounter();
		encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
		encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		encounter.setSubject(new Reference("Patient/" + patientId));
		String encounterId = client().create().resource(encounter).execute().getId().getIdPart();
		HttpResponse<String> launch = admin("launch", Map.of("patient", patientId, "encounter", encounterId));
		assertThat(launch.statusCode()).as(launch.body()).isEqualTo(201);
		String launchId = json(launch).path("launch").asText();

		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce, "launch openid fhirUser patient/*.rs");
		params.put("launch", launchId);
		HttpResponse<String> loginPage = authorize(params);
		Map<String, String> callback = callback(login(txn(loginPage), username, "pw-" + username), REDIRECT);
		JsonNode token = json(exchange(callback.get("code"), pkce.verifier()));
		assertThat(token.path("patient").asText()).isEqualTo(patientId);
		assertThat(token.path("encounter").asText()).isEqualTo(encounterId);
		assertThat(token.path("need_patient_banner").asBoolean()).isFalse();
		assertThat(SignedJWT.parse(token.path("access_token").asText()).getJWTClaimsSet().getStringClaim("encounter"))
				.isEqualTo(encounterId);
	}

	@Test
	void launchContextsAreOnlyForExistingPatientsAndAnUnknownLaunchIsRefused() {
		assertThat(admin("launch", Map.of("patient", "does-not-exist")).statusCode()).isEqualTo(400);
		Map<String, String> params = authorizeParams(Pkce.create(), "launch patient/*.rs");
		params.put("launch", "forged");
		assertThat(callback(authorize(params), REDIRECT)).containsEntry("error", "invalid_request").containsEntry("state", "st-123");
	}

	@Test
	void pkceIsRequiredAndChecked() {
		Pkce pkce = Pkce.create();
		String code = codeFor(pkce, "patient/*.rs");
		HttpResponse<String> missing = postForm(tokenUrl(), params(
				"grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "client_id", clientId));
		assertThat(json(missing).path("error").asText()).isEqualTo("invalid_grant");
		// The code was spent by the failed attempt: a stolen code cannot be retried with guesses.
		assertThat(exchange(code, pkce.verifier()).statusCode()).isEqualTo(400);

		Pkce other = Pkce.create();
		String code2 = codeFor(other, "patient/*.rs");
		HttpResponse<String> wrong = exchange(code2, Pkce.create().verifier());
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(json(wrong).path("error_description").asText()).contains("code_verifier");

		String code3 = codeFor(other, "patient/*.rs");
		assertThat(exchange(code3, other.verifier()).statusCode()).isEqualTo(200);
		assertThat(exchange(code3, other.verifier()).statusCode()).as("a code works once").isEqualTo(400);

		Map<String, String> noChallenge = authorizeParams(pkce, "patient/*.rs");
		noChallenge.remove("code_challenge");
		assertThat(callback(authorize(noChallenge), REDIRECT)).containsEntry("error", "invalid_request");
		Map<String, String> plain = authorizeParams(pkce, "patient/*.rs");
		plain.put("code_challenge_method", "plain");
		assertThat(callback(authorize(plain), REDIRECT)).containsEntry("error", "invalid_request");
	}

	@Test
	void audienceMustBeThisFhirServer() {
		Map<String, String> missing = authorizeParams(Pkce.create(), "patient/*.rs");
		missing.remove("aud");
		assertThat(callback(authorize(missing), REDIRECT)).containsEntry("error", "invalid_request").containsEntry("state", "st-123");
		Map<String, String> wrong = authorizeParams(Pkce.create(), "patient/*.rs");
		wrong.put("aud", "https://other.example/fhir");
		assertThat(callback(authorize(wrong), REDIRECT).get("error_description")).contains("is not this FHIR server");
		Map<String, String> trailingSlash = authorizeParams(Pkce.create(), "patient/*.rs");
		trailingSlash.put("aud", baseUrl() + "/");
		assertThat(authorize(trailingSlash).statusCode()).isEqualTo(200);
	}

	@Test
	void redirectUriMustMatchExactlyAndErrorsAreNotRedirectedElsewhere() {
		Map<String, String> params = authorizeParams(Pkce.create(), "patient/*.rs");
		params.put("redirect_uri", REDIRECT + "/evil");
		HttpResponse<String> response = authorize(params);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("redirect_uri");

		params.put("redirect_uri", REDIRECT);
		params.put("client_id", "no-such-client");
		assertThat(authorize(params).statusCode()).isEqualTo(400);
	}

	@Test
	void unregisteredScopesAndWrongPasswordsAreRefused() {
		Map<String, String> params = authorizeParams(Pkce.create(), "system/*.cruds");
		assertThat(callback(authorize(params), REDIRECT)).containsEntry("error", "invalid_scope");

		HttpResponse<String> loginPage = authorize(authorizeParams(Pkce.create(), "patient/*.rs"));
		HttpResponse<String> wrong = login(txn(loginPage), username, "wrong");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("Wrong user name or password");
		assertThat(wrong.headers().firstValue("Location")).isEmpty();
	}

	// --- helpers ---

	private Map<String, String> authorizeParams(Pkce pkce, String scope) {
		Map<String, String> params = new HashMap<>(params(
				"response_type", "code",
				"client_id", clientId,
				"redirect_uri", REDIRECT,
				"scope", scope,
				"state", "st-123",
				"nonce", "n-1",
				"aud", baseUrl(),
				"code_challenge", pkce.challenge(),
				"code_challenge_method", "S256"));
		return params;
	}

	private String codeFor(Pkce pkce, String scope) {
		HttpResponse<String> loginPage = authorize(authorizeParams(pkce, scope));
		return callback(login(txn(loginPage), username, "pw-" + username), REDIRECT).get("code");
	}

	private HttpResponse<String> authorize(Map<String, String> params) {
		return send(anonymousRequest(authUrl("authorize?" + form(params))));
	}

	private HttpResponse<String> login(String txn, String user, String password) {
		return postForm(authUrl("login"), params("txn", txn, "username", user, "password", password));
	}

	private HttpResponse<String> exchange(String code, String verifier) {
		return postForm(tokenUrl(), params(
				"grant_type", "authorization_code",
				"code", code,
				"redirect_uri", REDIRECT,
				"client_id", clientId,
				"code_verifier", verifier));
	}


}

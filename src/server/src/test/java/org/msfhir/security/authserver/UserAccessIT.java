package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users have access, not just clients: through the real authorize flow, a patient account is
 * confined to its own record whatever scopes the app asks for, a clinician with a patient list picks
 * and reads only listed patients, a clinician without one reads every patient, a research account
 * opens no patient record; and the admin API creates, updates, disables and deletes accounts, a
 * disabled account losing sign-in and refresh.
 */
class UserAccessIT extends OAuthTestSupport {

	private static final String REDIRECT = "http://localhost:9/callback";

	private String clientId;
	private String family;
	private String patientA;
	private String patientB;
	private String observationB;

	@BeforeEach
	void appAndPatients() {
		clientId = unique("portal");
		HttpResponse<String> client = admin("clients", Map.of(
				"client_id", clientId,
				"client_name", "Portal",
				"redirect_uris", List.of(REDIRECT),
				"scope", "launch/patient openid fhirUser offline_access patient/*.cruds user/*.cruds"));
		assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
		family = unique("Fam");
		patientA = createPatient("A");
		patientB = createPatient("B");
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().setText("result");
		observation.setSubject(new Reference("Patient/" + patientB));
		observationB = client().create().resource(observation).execute().getId().getIdPart();
	}

	@Test
	void aPatientAccountIsConfinedToItsOwnRecordWhateverItAsksFor() throws Exception {
		String user = createUser(Map.of("fhirUser", "Patient/" + patientA));
		// user/*.rs without launch/patient: no picker, and the token carries the own patient.
		JsonNode token = signIn(user, "openid fhirUser user/*.rs");
		assertThat(token.path("patient").asText()).isEqualTo(patientA);
		String access = token.path("access_token").asText();
		assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("msfhir_role")).isEqualTo("patient");
		assertThat(read("Patient/" + patientA, access).statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, access).statusCode()).isEqualTo(404);
		assertThat(read("Observation/" + observationB, access).statusCode()).isEqualTo(404);
		assertThat(read("Observation?code:text=result", access).body()).doesNotContain(observationB);
	}

	@Test
	void aClinicianWithAPatientListPicksAndReadsOnlyListedPatients() throws Exception {
		Group list = new Group().setType(Group.GroupType.PERSON).setActual(true);
		list.addMember().setEntity(new Reference("Patient/" + patientA));
		String groupId = client().create().resource(list).execute().getId().getIdPart();
		String user = createUser(Map.of("fhirUser", "Practitioner/ward-" + family, "patientGroup", groupId));

		// Even without launch/patient the clinician picks one listed patient; B is neither shown nor accepted.
		HttpResponse<String> picker = login(txn(authorize("openid user/*.rs", Pkce.create())), user);
		assertThat(picker.body()).contains("Choose a patient");
		HttpResponse<String> search = send(anonymousRequest(authUrl("patient?txn=" + txn(picker) + "&q=" + family)));
		assertThat(search.body()).contains("Patient/" + patientA).doesNotContain("Patient/" + patientB);
		HttpResponse<String> pickB = postForm(authUrl("patient"), params("txn", txn(picker), "patient", patientB));
		assertThat(pickB.statusCode()).isEqualTo(400);
		assertThat(pickB.body()).contains("Unknown patient");

		Pkce pkce = Pkce.create();
		HttpResponse<String> second = login(txn(authorize("openid user/*.rs", pkce)), user);
		JsonNode token = exchange(callback(postForm(authUrl("patient"), params("txn", txn(second), "patient", patientA)), REDIRECT).get("code"), pkce);
		String access = token.path("access_token").asText();
		assertThat(token.path("patient").asText()).isEqualTo(patientA);
		assertThat(read("Patient/" + patientA, access).statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, access).statusCode()).isEqualTo(404);
	}

	@Test
	void aClinicianWithoutAListReadsAllPatients() throws Exception {
		String user = createUser(Map.of("fhirUser", "Practitioner/all-" + family));
		String access = signIn(user, "openid user/*.rs").path("access_token").asText();
		assertThat(read("Patient/" + patientA, access).statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, access).statusCode()).isEqualTo(200);
		assertThat(read("Observation/" + observationB, access).statusCode()).isEqualTo(200);
	}

	@Test
	void aResearchAccountOpensNoPatientRecord() throws Exception {
		String user = createUser(Map.of("role", "researcher"));
		Map<String, String> refused = callback(login(txn(authorize("launch/patient user/*.rs", Pkce.create())), user), REDIRECT);
		assertThat(refused).containsEntry("error", "access_denied");
		String access = signIn(user, "user/*.rs").path("access_token").asText();
		assertThat(read("Patient/" + patientA, access).statusCode()).isEqualTo(403);
	}

	@Test
	void adminApiManagesAccountsAndADisabledAccountLosesSignInAndRefresh() throws Exception {
		String user = createUser(Map.of("fhirUser", "Practitioner/x-" + family));
		HttpResponse<String> listed = send(adminRequest("users/" + user).GET());
		assertThat(json(listed).path("role").asText()).isEqualTo("clinician");
		JsonNode token = signIn(user, "openid offline_access user/*.rs");
		String refresh = token.path("refresh_token").asText();

		// Role change: the next refresh carries the new rule.
		HttpResponse<String> updated = send(adminRequest("users/" + user)
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"patient\",\"fhirUser\":\"Patient/" + patientA + "\"}")));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		HttpResponse<String> afterRoleChange = postForm(tokenUrl(), params(
				"grant_type", "refresh_token", "refresh_token", refresh, "client_id", clientId));
		assertThat(afterRoleChange.statusCode()).isEqualTo(400);
		assertThat(json(afterRoleChange).path("error").asText()).isEqualTo("invalid_grant");

		HttpResponse<String> disabled = send(adminRequest("users/" + user)
				.PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":true}")));
		assertThat(json(disabled).path("disabled").asBoolean()).isTrue();
		HttpResponse<String> signInPage = login(txn(authorize("openid user/*.rs", Pkce.create())), user);
		assertThat(signInPage.statusCode()).isEqualTo(401);

		assertThat(send(adminRequest("users/" + user).DELETE()).statusCode()).isEqualTo(204);
		assertThat(send(adminRequest("users/" + user).GET()).statusCode()).isEqualTo(404);
		HttpResponse<String> badRole = admin("users", Map.of("username", unique("x"), "password", "pw", "role", "superuser"));
		assertThat(badRole.statusCode()).isEqualTo(400);
		HttpResponse<String> noAdmin = send(anonymousRequest(authUrl("admin/users"))
				.header("Authorization", "Bearer " + tokenFor("user/*.cruds", null)).GET());
		assertThat(noAdmin.statusCode()).isEqualTo(403);
	}

	@Test
	void disablingChangingOrDeletingAnAccountEndsTheAccessTokensItHolds() throws Exception {
		String user = createUser(Map.of("fhirUser", "Practitioner/x-" + family));
		String first = signIn(user, "user/*.rs").path("access_token").asText();
		assertThat(read("Patient/" + patientB, first).statusCode()).isEqualTo(200);

		// Disabled: the live token stops at once on this instance (and within the revocation cache time on others).
		assertThat(send(adminRequest("users/" + user).PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":true}")))
				.statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, first).statusCode()).isEqualTo(401);

		// Enabled again: a new sign-in works at once (even within the same second), the old token stays dead.
		assertThat(send(adminRequest("users/" + user).PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":false}")))
				.statusCode()).isEqualTo(200);
		String second = signIn(user, "user/*.rs").path("access_token").asText();
		assertThat(read("Patient/" + patientB, second).statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, first).statusCode()).isEqualTo(401);

		// Demoted to a patient account: the clinician token made before the change no longer reads patient B.
		assertThat(send(adminRequest("users/" + user).PUT(HttpRequest.BodyPublishers.ofString(
				"{\"role\":\"patient\",\"fhirUser\":\"Patient/" + patientA + "\"}"))).statusCode()).isEqualTo(200);
		assertThat(read("Patient/" + patientB, second).statusCode()).isEqualTo(401);

		// Deleted: the account's token is dead; another account's token is not touched.
		String other = createUser(Map.of("fhirUser", "Practitioner/y-" + family));
		String otherToken = signIn(other, "user/*.rs").path("access_token").asText();
		String third = signIn(user, "user/*.rs").path("access_token").asText();
		assertThat(read("Patient/" + patientA, third).statusCode()).isEqualTo(200);
		assertThat(send(adminRequest("users/" + user).DELETE()).statusCode()).isEqualTo(204);
		assertThat(read("Patient/" + patientA, third).statusCode()).isEqualTo(401);
		assertThat(read("Patient/" + patientB, otherToken).statusCode()).isEqualTo(200);
	}

	// --- helpers ---

	private String createPatient(String given) {
		Patient patient = new Patient();
		patient.addName().setFamily(family).addGiven(given);
		return client().create().resource(patient).execute().getId().getIdPart();
	}

	private String createUser(Map<String, String> fields) {
		String username = unique("user");
		Map<String, Object> body = new HashMap<>(fields);
		body.put("username", username);
		body.put("password", "pw-" + username);
		HttpResponse<String> created = admin("users", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return username;
	}

	private HttpRequest.Builder adminRequest(String path) {
		return anonymousRequest(authUrl("admin/" + path))
				.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null))
				.header("Content-Type", "application/json");
	}

	private JsonNode signIn(String user, String scope) {
		Pkce pkce = Pkce.create();
		return exchange(callback(login(txn(authorize(scope, pkce)), user), REDIRECT).get("code"), pkce);
	}

	private HttpResponse<String> authorize(String scope, Pkce pkce) {
		return send(anonymousRequest(authUrl("authorize?" + form(params(
				"response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", scope,
				"state", "s", "aud", baseUrl(), "code_challenge", pkce.challenge(), "code_challenge_method", "S256")))));
	}

	private HttpResponse<String> login(String txn, String user) {
		return postForm(authUrl("login"), params("txn", txn, "username", user, "password", "pw-" + user));
	}

	private JsonNode exchange(String code, Pkce pkce) {
		HttpResponse<String> response = postForm(tokenUrl(), params(
				"grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"client_id", clientId, "code_verifier", pkce.verifier()));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private HttpResponse<String> read(String path, String token) {
		return send(anonymousRequest(path).header("Authorization", "Bearer " + token));
	}


}

package org.msfhir.security.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msfhir.security.SecurityConfig;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.authserver.LaunchContexts.LaunchContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of the authorization server, behind a bearer token with the {@value
 * SecurityConfig#SCOPE_ADMIN} scope ({@code /auth/admin/launch} also accepts {@value
 * SecurityConfig#SCOPE_LAUNCH}, for an EHR that only starts launches). Registration bodies use the
 * RFC 7591 field names. Registrations are stored in the database ({@link RegistrationStore}); secrets
 * and keys are never echoed.
 */
@RestController
@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
public class AdminEndpoint {

	private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);

	private final ClientRegistry clients;
	private final UserAccounts users;
	private final LaunchContexts launches;
	private final PatientDirectory patients;
	private final TokenService tokens;
	private final ObjectMapper json = new ObjectMapper();

	public AdminEndpoint(ClientRegistry clients, UserAccounts users, LaunchContexts launches, PatientDirectory patients,
			TokenService tokens) {
		this.tokens = tokens;
		this.clients = clients;
		this.users = users;
		this.launches = launches;
		this.patients = patients;
	}

	/** Creates an EHR launch context: {@code {"patient": "123", "encounter": "456"}} gives {@code {"launch": ...}}. */
	@PostMapping(path = "/auth/admin/launch", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> createLaunch(@RequestBody Map<String, Object> body, Authentication caller) {
		String patient = text(body.get("patient"));
		String encounter = text(body.get("encounter"));
		if (patient != null && patient.startsWith("Patient/")) {
			patient = patient.substring("Patient/".length());
		}
		if (encounter != null && encounter.startsWith("Encounter/")) {
			encounter = encounter.substring("Encounter/".length());
		}
		if (patient == null || !patients.exists(patient)) {
			throw new IllegalArgumentException("patient must be the id of an existing Patient");
		}
		if (encounter != null && !encounter.matches("[A-Za-z0-9.-]{1,64}")) {
			throw new IllegalArgumentException("encounter must be an Encounter id");
		}
		String launch = launches.create(new LaunchContext(patient, encounter, caller.getName()));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("launch", launch);
		result.put("patient", patient);
		if (encounter != null) {
			result.put("encounter", encounter);
		}
		result.put("expires_in", LaunchContexts.LIFETIME.toSeconds());
		return ResponseEntity.status(HttpStatus.CREATED).body(result);
	}

	@GetMapping("/auth/admin/clients")
	public List<Map<String, Object>> listClients() {
		return clients.all().stream().map(AdminEndpoint::describe).toList();
	}

	/**
	 * Registers or replaces a client. Fields: {@code client_id}, {@code client_name}, {@code
	 * client_secret} (symmetric), {@code jwks} (object) or {@code jwks_uri} (asymmetric), {@code
	 * redirect_uris}, {@code scope} (space-separated), {@code grant_types}.
	 */
	@PostMapping(path = "/auth/admin/clients", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> registerClient(@RequestBody Map<String, Object> body) throws Exception {
		Object jwks = body.get("jwks");
		String scope = text(body.get("scope"));
		RegisteredClient client = clients.registerAndStore(new SecurityProperties.Client(
				text(body.get("client_id")),
				orEmpty(text(body.get("client_name"))),
				orEmpty(text(body.get("client_secret"))),
				orEmpty(text(body.get("jwks_uri"))),
				jwks == null ? "" : jwks instanceof String s ? s : json.writeValueAsString(jwks),
				strings(body.get("redirect_uris")),
				scope == null ? List.of() : List.of(scope.trim().split("\\s+")),
				strings(body.get("grant_types"))));
		LOG.info("Client {} ({}) registered through the admin API", client.clientId(), client.type());
		return ResponseEntity.status(HttpStatus.CREATED).body(describe(client));
	}

	/** Deletes a client; every token it holds (access and refresh) stops working. */
	@DeleteMapping("/auth/admin/clients/{clientId}")
	public ResponseEntity<Void> removeClient(@PathVariable String clientId) {
		if (!clients.remove(clientId)) {
			return ResponseEntity.notFound().build();
		}
		tokens.revokeClient(clientId);
		LOG.info("Client {} deleted through the admin API; its tokens are revoked", clientId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/auth/admin/users")
	public List<Map<String, Object>> listUsers() {
		return users.all().stream().map(AdminEndpoint::describe).toList();
	}

	@GetMapping("/auth/admin/users/{username}")
	public ResponseEntity<Map<String, Object>> getUser(@PathVariable String username) {
		return users.find(username).map(a -> ResponseEntity.ok(describe(a))).orElse(ResponseEntity.notFound().build());
	}

	/**
	 * Adds or replaces a login account: {@code username}, {@code password}, {@code fhirUser}, {@code
	 * name}, {@code role} ({@code patient}, {@code related-person}, {@code clinician}, {@code
	 * researcher}; default from {@code fhirUser}), {@code patient} (related-person), {@code
	 * patientGroup} (clinician's patient list), {@code identifiedData} (researcher), {@code disabled}.
	 */
	@PostMapping(path = "/auth/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> registerUser(@RequestBody Map<String, Object> body) {
		boolean replaced = users.find(text(body.get("username"))).isPresent();
		UserAccounts.Account account = users.registerAndStore(user(text(body.get("username")), body));
		if (replaced) {
			tokens.revokeUser(account.username()); // its tokens carry the replaced account's rule
		}
		LOG.info("User {} ({}) registered through the admin API", account.username(), account.role().code());
		return ResponseEntity.status(HttpStatus.CREATED).body(describe(account));
	}

	/**
	 * Updates an account; fields left out keep their value (the password included). The access tokens
	 * the user holds end (within the revocation cache time on other instances): they carry the old rule.
	 */
	@PutMapping(path = "/auth/admin/users/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> updateUser(@PathVariable String username, @RequestBody Map<String, Object> body) {
		UserAccounts.Account existing = users.find(username).orElse(null);
		if (existing == null) {
			return ResponseEntity.notFound().build();
		}
		Map<String, Object> merged = new LinkedHashMap<>(describe(existing));
		merged.remove("password");
		merged.putAll(body);
		UserAccounts.Account account = users.registerAndStore(user(username, merged));
		tokens.revokeUser(username);
		LOG.info("User {} updated through the admin API (disabled={}); its access tokens are revoked", account.username(),
				account.disabled());
		return ResponseEntity.ok(describe(account));
	}

	/** Deletes an account; the access tokens it holds end and its refresh tokens stop working. */
	@DeleteMapping("/auth/admin/users/{username}")
	public ResponseEntity<Void> removeUser(@PathVariable String username) {
		if (!users.remove(username)) {
			return ResponseEntity.notFound().build();
		}
		tokens.revokeUser(username);
		LOG.info("User {} deleted through the admin API; its access tokens are revoked", username);
		return ResponseEntity.noContent().build();
	}

	private static SecurityProperties.User user(String username, Map<String, Object> body) {
		return new SecurityProperties.User(
				username,
				text(body.get("password")),
				orEmpty(text(body.get("fhirUser"))),
				orEmpty(text(body.get("name"))),
				orEmpty(text(body.get("role"))),
				orEmpty(text(body.get("patient"))),
				orEmpty(text(body.get("patientGroup"))),
				flag(body.get("identifiedData")),
				flag(body.get("disabled")));
	}

	private static boolean flag(Object value) {
		if (value == null || value instanceof Boolean) {
			return Boolean.TRUE.equals(value);
		}
		throw new IllegalArgumentException("expected true or false, got " + value);
	}

	private static Map<String, Object> describe(UserAccounts.Account account) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("username", account.username());
		result.put("name", account.displayName());
		result.put("role", account.role().code());
		if (account.fhirUser() != null) {
			result.put("fhirUser", account.fhirUser());
		}
		if (account.patient() != null) {
			result.put("patient", account.patient());
		}
		if (account.patientGroup() != null) {
			result.put("patientGroup", account.patientGroup());
		}
		result.put("identifiedData", account.identifiedData());
		result.put("disabled", account.disabled());
		return result;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	public ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "error_description", e.getMessage()));
	}

	@ExceptionHandler(com.fasterxml.jackson.core.JsonProcessingException.class)
	public ResponseEntity<Map<String, Object>> badJson(Exception e) {
		return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "error_description", "Malformed JSON"));
	}

	private static Map<String, Object> describe(RegisteredClient client) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("client_id", client.clientId());
		result.put("client_name", client.name());
		result.put("client_type", client.type());
		result.put("token_endpoint_auth_method",
				client.isAsymmetric() ? "private_key_jwt" : client.isSymmetric() ? "client_secret_basic" : "none");
		if (client.jwksUri() != null) {
			result.put("jwks_uri", client.jwksUri());
		}
		result.put("redirect_uris", client.redirectUris());
		result.put("scope", String.join(" ", client.scopes()));
		result.put("grant_types", client.grantTypes());
		return result;
	}

	private static String text(Object value) {
		return value == null ? null : value.toString();
	}

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}

	private static List<String> strings(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		throw new IllegalArgumentException("expected a JSON array of strings, got " + value);
	}
}

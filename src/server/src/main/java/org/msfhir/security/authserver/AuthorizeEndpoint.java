package org.msfhir.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msfhir.security.UserRole;
import org.msfhir.security.ServerUrls;
import org.msfhir.security.state.AuthStateStore;
import org.msfhir.security.authserver.LaunchContexts.LaunchContext;
import org.msfhir.security.authserver.UserAccounts.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The authorization endpoint of the SMART App Launch: checks the request (client, exact redirect URI,
 * PKCE S256, {@code aud} = this FHIR server, {@code state}, scopes, EHR {@code launch}), signs the user
 * in, lets them pick a patient for {@code launch/patient} when no launch context names one, and
 * redirects back with a one-time code and the {@code state}. No cookies: the pages carry an
 * unguessable transaction id that binds them to the pending request (and serves as CSRF protection).
 */
@RestController
@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
public class AuthorizeEndpoint {

	private static final Logger LOG = LoggerFactory.getLogger(AuthorizeEndpoint.class);
	private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
	private static final int PICKER_SIZE = 25;
	/** Unfinished sign-ins one source address may have open at once, so a flood cannot crowd out others. */
	static final int MAX_PENDING_PER_ADDRESS = 100;

	/** An authorization request between its arrival and the code. */
	record Pending(
			String clientId,
			String clientName,
			String redirectUri,
			String state,
			List<String> scopes,
			String audience,
			String codeChallenge,
			String nonce,
			LaunchContext launch,
			Account user) {

		Pending withUser(Account account) {
			return new Pending(clientId, clientName, redirectUri, state, scopes, audience, codeChallenge, nonce, launch, account);
		}

		boolean needsPatientPick() {
			return scopes.contains("launch/patient") && (launch == null || launch.patient() == null);
		}
	}

	private final ClientRegistry clients;
	private final UserAccounts users;
	private final ScopePolicy scopePolicy;
	private final LaunchContexts launches;
	private final AuthorizationCodes codes;
	private final PatientDirectory patients;
	private final ServerUrls urls;
	private final Clock clock;
	private final ExpiringStore<Pending> pending;
	private final LoginThrottle throttle;

	public AuthorizeEndpoint(
			ClientRegistry clients,
			UserAccounts users,
			ScopePolicy scopePolicy,
			LaunchContexts launches,
			AuthorizationCodes codes,
			PatientDirectory patients,
			ServerUrls urls,
			AuthStateStore state) {
		this.clients = clients;
		this.users = users;
		this.scopePolicy = scopePolicy;
		this.launches = launches;
		this.codes = codes;
		this.patients = patients;
		this.urls = urls;
		this.clock = state.clock();
		this.pending = new ExpiringStore<>(state, "pending", Pending.class);
		this.throttle = new LoginThrottle(state, "login");
	}

	@RequestMapping(path = "/auth/authorize", method = {RequestMethod.GET, RequestMethod.POST})
	public ResponseEntity<String> authorize(HttpServletRequest request, @RequestParam MultiValueMap<String, String> form) {
		FormParams params = new FormParams(form);
		RegisteredClient client;
		String redirectUri;
		try {
			String clientId = params.get("client_id");
			client = clients.find(clientId).orElse(null);
			if (client == null) {
				return page(HttpStatus.BAD_REQUEST, AuthPages.error("Unknown client_id: " + (clientId == null ? "(none)" : clientId)));
			}
			redirectUri = params.get("redirect_uri");
			if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
				return page(HttpStatus.BAD_REQUEST, AuthPages.error(
						"redirect_uri must be exactly one of the URIs registered for " + client.clientId()));
			}
		} catch (OAuthException e) {
			return page(HttpStatus.BAD_REQUEST, AuthPages.error(e.getMessage()));
		}
		String state = null;
		try {
			state = params.get("state");
			Pending request1 = validate(request, client, redirectUri, state, params);
			String address = request.getRemoteAddr();
			if (pending.count(address) >= MAX_PENDING_PER_ADDRESS) {
				LOG.warn("Authorization request refused: {} unfinished sign-ins from address {}", MAX_PENDING_PER_ADDRESS, address);
				return page(HttpStatus.TOO_MANY_REQUESTS, AuthPages.error(
						"Too many unfinished sign-ins from your address. Finish or wait for them to expire (10 minutes)."));
			}
			String txn = pending.add(request1, PENDING_LIFETIME, address);
			return page(HttpStatus.OK, AuthPages.login(txn, client.name(), request1.scopes(), null));
		} catch (OAuthException e) {
			return redirect(redirectUri, errorParams(e, state));
		}
	}

	private Pending validate(
			HttpServletRequest request, RegisteredClient client, String redirectUri, String state, FormParams params) {
		if (!"code".equals(params.get("response_type"))) {
			throw new OAuthException(400, "unsupported_response_type", "response_type must be code");
		}
		if (!client.allowsGrant(RegisteredClient.AUTHORIZATION_CODE)) {
			throw new OAuthException(400, "unauthorized_client", "This client may not use the authorization code flow");
		}
		if (state == null) {
			throw OAuthException.invalidRequest("state is required");
		}
		String challenge = params.get("code_challenge");
		if (challenge == null || !"S256".equals(params.get("code_challenge_method"))) {
			throw OAuthException.invalidRequest("PKCE is required: code_challenge with code_challenge_method=S256");
		}
		if (!challenge.matches("[A-Za-z0-9_-]{43}")) {
			throw OAuthException.invalidRequest("code_challenge must be a base64url SHA-256 value (43 characters)");
		}
		String aud = params.get("aud");
		String fhirBase = urls.fhirBase(request);
		if (aud == null) {
			throw OAuthException.invalidRequest("aud is required: the FHIR base URL " + fhirBase);
		}
		if (!stripSlash(aud).equals(fhirBase)) {
			throw OAuthException.invalidRequest("aud " + aud + " is not this FHIR server (" + fhirBase + ")");
		}
		List<String> scopes = scopePolicy.grantable(client, params.get("scope"));
		if (scopes.isEmpty()) {
			throw OAuthException.invalidScope("None of the requested scopes is registered for this client");
		}
		LaunchContext launch = null;
		String launchId = params.get("launch");
		if (launchId != null) {
			if (!scopes.contains("launch")) {
				throw OAuthException.invalidScope("An EHR launch needs the launch scope");
			}
			launch = launches.find(launchId)
					.orElseThrow(() -> OAuthException.invalidRequest("Unknown or expired launch"));
		} else if (scopes.contains("launch")) {
			throw OAuthException.invalidRequest("The launch scope needs the launch parameter of an EHR launch");
		}
		return new Pending(client.clientId(), client.name(), redirectUri, state, scopes, fhirBase, challenge,
				params.get("nonce"), launch, null);
	}

	@PostMapping(path = "/auth/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<String> login(
			HttpServletRequest http,
			@RequestParam(required = false) String txn,
			@RequestParam(required = false) String username,
			@RequestParam(required = false) String password) {
		Pending request = pending.get(txn).orElse(null);
		if (request == null) {
			return page(HttpStatus.BAD_REQUEST, AuthPages.error("This sign-in page has expired. Start again from the app."));
		}
		String address = http.getRemoteAddr();
		Duration wait = throttle.waitTime(username, address).orElse(null);
		if (wait != null) {
			LOG.warn("Sign-in refused while throttled: user={} address={} client={}",
					LogText.clean(username), address, request.clientId());
			return page(HttpStatus.TOO_MANY_REQUESTS, AuthPages.login(txn, request.clientName(), request.scopes(),
					"Too many failed sign-ins. Try again in " + Math.max(1, wait.toSeconds()) + " seconds."));
		}
		Account account = users.authenticate(username, password).orElse(null);
		if (account == null) {
			throttle.failed(username, address);
			LOG.warn("Failed sign-in: user={} address={} client={}", LogText.clean(username), address, request.clientId());
			return page(HttpStatus.UNAUTHORIZED, AuthPages.login(txn, request.clientName(), request.scopes(),
					"Wrong user name or password."));
		}
		throttle.succeeded(username, address);
		Pending signedIn = request.withUser(account);
		String launchPatient = request.launch() == null ? null : request.launch().patient();
		if (launchPatient != null && !maySee(account, launchPatient)) {
			pending.remove(txn);
			LOG.info("Launch refused: user {} may not open the launch patient", account.username());
			return redirect(request.redirectUri(), errorParams(new OAuthException(403, "access_denied",
					"This account may not open the patient of this launch"), request.state()));
		}
		if (account.role() == UserRole.RESEARCHER && !account.identifiedData() && request.scopes().contains("launch/patient")) {
			pending.remove(txn);
			return redirect(request.redirectUri(), errorParams(new OAuthException(403, "access_denied",
					"A research account does not open patient records (launch/patient)"), request.state()));
		}
		if (account.patient() != null) {
			// A patient (or related person) account: its own patient, whatever scopes the app asked for.
			return complete(txn, signedIn, account.patient());
		}
		if (mustPick(signedIn)) {
			pending.replace(txn, signedIn, pending.expiry(txn).orElse(clock.instant()));
			return page(HttpStatus.OK, AuthPages.patientPicker(
					txn, request.clientName(), null, patients.search(null, PICKER_SIZE, visiblePatients(account))));
		}
		return complete(txn, signedIn, null);
	}

	@GetMapping("/auth/patient")
	public ResponseEntity<String> searchPatients(@RequestParam(required = false) String txn, @RequestParam(required = false) String q) {
		Pending request = pending.get(txn).filter(p -> p.user() != null && mustPick(p)).orElse(null);
		if (request == null) {
			return page(HttpStatus.BAD_REQUEST, AuthPages.error("This page has expired. Start again from the app."));
		}
		return page(HttpStatus.OK, AuthPages.patientPicker(
				txn, request.clientName(), q, patients.search(q, PICKER_SIZE, visiblePatients(request.user()))));
	}

	@PostMapping(path = "/auth/patient", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<String> choosePatient(
			@RequestParam(required = false) String txn, @RequestParam(required = false) String patient) {
		Pending request = pending.get(txn).filter(p -> p.user() != null && mustPick(p)).orElse(null);
		if (request == null) {
			return page(HttpStatus.BAD_REQUEST, AuthPages.error("This page has expired. Start again from the app."));
		}
		// The same answer for a patient that does not exist and one this user may not see.
		if (!patients.exists(patient) || !maySee(request.user(), patient)) {
			return page(HttpStatus.BAD_REQUEST, AuthPages.error("Unknown patient"));
		}
		return complete(txn, request, patient);
	}

	/**
	 * Whether the signed-in user must pick a patient: the app asked for one ({@code launch/patient})
	 * without an EHR launch naming it, or the user is a clinician with a patient list, who works on one
	 * listed patient per token.
	 */
	private static boolean mustPick(Pending request) {
		boolean listed = request.user() != null && request.user().patientGroup() != null
				&& (request.launch() == null || request.launch().patient() == null);
		return request.needsPatientPick() || listed;
	}

	/** The patient ids the user may see, or null for all. */
	private Set<String> visiblePatients(Account account) {
		if (account.patient() != null) {
			return Set.of(account.patient());
		}
		if (account.patientGroup() != null) {
			return patients.groupMembers(account.patientGroup());
		}
		if (account.role() == UserRole.RESEARCHER && !account.identifiedData()) {
			return Set.of();
		}
		return null;
	}

	private boolean maySee(Account account, String patient) {
		Set<String> visible = visiblePatients(account);
		return visible == null || visible.contains(patient);
	}

	/** Issues the code and sends the browser back to the app. */
	private ResponseEntity<String> complete(String txn, Pending request, String pickedPatient) {
		pending.remove(txn);
		boolean ehrLaunch = request.launch() != null;
		String patient = pickedPatient != null ? pickedPatient : ehrLaunch ? request.launch().patient() : null;
		String encounter = ehrLaunch ? request.launch().encounter() : null;
		AuthorizationGrant grant = new AuthorizationGrant(
				request.clientId(),
				request.scopes(),
				request.user().username(),
				request.user().fhirUser(),
				request.user().displayName(),
				patient,
				encounter,
				patient != null && !ehrLaunch,
				request.audience(),
				request.redirectUri(),
				request.codeChallenge(),
				request.nonce(),
				Instant.now(clock));
		LOG.info("Authorization granted: client={} user={} patient={} scope={}",
				grant.clientId(), grant.username(), patient, grant.scope());
		Map<String, String> result = new LinkedHashMap<>();
		result.put("code", codes.issue(grant));
		result.put("state", request.state());
		return redirect(request.redirectUri(), result);
	}

	private static Map<String, String> errorParams(OAuthException e, String state) {
		Map<String, String> result = new LinkedHashMap<>();
		result.put("error", e.error());
		result.put("error_description", e.getMessage());
		if (state != null) {
			result.put("state", state);
		}
		return result;
	}

	private static ResponseEntity<String> redirect(String redirectUri, Map<String, String> params) {
		StringBuilder location = new StringBuilder(redirectUri);
		char separator = redirectUri.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> entry : params.entrySet()) {
			location.append(separator).append(entry.getKey()).append('=')
					.append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, location.toString()).build();
	}

	private static ResponseEntity<String> page(HttpStatus status, String html) {
		return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}

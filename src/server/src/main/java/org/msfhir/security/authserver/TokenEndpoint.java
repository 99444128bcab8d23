package org.msfhir.security.authserver;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msfhir.security.ServerUrls;
import org.msfhir.security.state.AuthStateStore;
import org.msfhir.security.token.SigningKeys;
import org.msfhir.security.token.TokenRevocations;
import org.msfhir.security.token.TokenValidators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token endpoint ({@code authorization_code} with PKCE, {@code refresh_token}, {@code
 * client_credentials}), token introspection (RFC 7662), revocation (RFC 7009) and the public keys.
 */
@RestController
@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
public class TokenEndpoint {

	private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

	/** Registered scope of a resource server that may introspect any client's tokens. */
	public static final String SCOPE_INTROSPECT = "msfhir/introspect";

	private final ClientAuthenticator authenticator;
	private final ScopePolicy scopePolicy;
	private final TokenService tokens;
	private final AuthorizationCodes codes;
	private final TokenRevocations revocations;
	private final SigningKeys signingKeys;
	private final ServerUrls urls;
	private final DefaultJWTProcessor<SecurityContext> localTokens = new DefaultJWTProcessor<>();
	private final LoginThrottle throttle;
	private final ClientRegistry clients;

	public TokenEndpoint(
			ClientAuthenticator authenticator,
			ScopePolicy scopePolicy,
			TokenService tokens,
			AuthorizationCodes codes,
			TokenRevocations revocations,
			SigningKeys signingKeys,
			JWKSource<SecurityContext> jwkSource,
			ServerUrls urls,
			AuthStateStore state,
			ClientRegistry clients) {
		this.throttle = new LoginThrottle(state, "token");
		this.clients = clients;
		this.authenticator = authenticator;
		this.scopePolicy = scopePolicy;
		this.tokens = tokens;
		this.codes = codes;
		this.revocations = revocations;
		this.signingKeys = signingKeys;
		this.urls = urls;
		localTokens.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
		localTokens.setJWTClaimsSetVerifier((claims, context) -> {});
	}

	@PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<Map<String, Object>> token(
			HttpServletRequest request, @RequestParam MultiValueMap<String, String> form) {
		FormParams params = new FormParams(form);
		String tokenUrl = urls.authBase(request) + "/token";
		String address = request.getRemoteAddr();
		String claimedClient = claimedClient(request, params);
		throttle.waitTime(claimedClient, address).ifPresent(wait -> {
			throw new OAuthException(429, "temporarily_unavailable",
					"Too many failed token requests; try again in " + Math.max(1, wait.toSeconds()) + " seconds");
		});
		Map<String, Object> body;
		RegisteredClient client;
		String grantType;
		try {
			client = authenticator.authenticate(request, params, tokenUrl);
			requireNotDeletedElsewhere(client);
			grantType = params.require("grant_type");
			body = switch (grantType) {
				case RegisteredClient.AUTHORIZATION_CODE -> authorizationCode(request, client, params);
				case RegisteredClient.REFRESH_TOKEN -> refresh(request, client, params);
				case RegisteredClient.CLIENT_CREDENTIALS -> clientCredentials(request, client, params);
				default -> throw new OAuthException(400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
			};
		} catch (OAuthException e) {
			if ("invalid_client".equals(e.error()) || "invalid_grant".equals(e.error())) {
				throttle.failed(claimedClient, address);
				LOG.warn("Token request refused: client={} address={} error={}", LogText.clean(claimedClient), address, e.error());
			}
			throw e;
		}
		LOG.info("Token issued: client={} grant={} scope={}", client.clientId(), grantType, body.get("scope"));
		return noStore(body);
	}

	/**
	 * Clients live in each instance's memory: one deleted through another instance is still known here
	 * until restart, but its deletion, recorded in the database, is newer than what this instance knows.
	 */
	private void requireNotDeletedElsewhere(RegisteredClient client) {
		Optional<java.time.Instant> deleted = revocations.clientRevokedAt(client.clientId());
		if (deleted.isPresent() && clients.registeredAt(client.clientId()).map(known -> !known.isAfter(deleted.get())).orElse(true)) {
			throw OAuthException.invalidClient("Client " + client.clientId() + " has been deleted");
		}
	}

	/** The client a token request claims to come from, unverified: only a key for throttling. */
	private static String claimedClient(HttpServletRequest request, FormParams params) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return colon > 0 ? java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8) : decoded;
			} catch (IllegalArgumentException notBase64) {
				return "(malformed)";
			}
		}
		String assertion = params.get("client_assertion");
		if (assertion != null) {
			try {
				return com.nimbusds.jwt.JWTParser.parse(assertion).getJWTClaimsSet().getIssuer();
			} catch (java.text.ParseException | RuntimeException notAJwt) {
				return "(malformed)";
			}
		}
		return params.get("client_id");
	}

	private Map<String, Object> authorizationCode(HttpServletRequest request, RegisteredClient client, FormParams params) {
		requireGrant(client, RegisteredClient.AUTHORIZATION_CODE);
		AuthorizationGrant grant = codes.redeem(params.require("code"))
				.orElseThrow(() -> OAuthException.invalidGrant("The authorization code is invalid, expired or already used"));
		if (!grant.clientId().equals(client.clientId())) {
			throw OAuthException.invalidGrant("The authorization code was issued to another client");
		}
		if (!grant.redirectUri().equals(params.get("redirect_uri"))) {
			throw OAuthException.invalidGrant("redirect_uri must be the one of the authorization request");
		}
		String verifier = params.get("code_verifier");
		if (verifier == null) {
			throw OAuthException.invalidGrant("code_verifier is required (PKCE)");
		}
		if (!verifier.matches("[A-Za-z0-9._~-]{43,128}") || !s256(verifier).equals(grant.codeChallenge())) {
			throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
		}
		return tokens.respond(grant, client, urls.issuer(request), styleUrl(request));
	}

	private Map<String, Object> refresh(HttpServletRequest request, RegisteredClient client, FormParams params) {
		requireGrant(client, RegisteredClient.REFRESH_TOKEN);
		String refreshToken = params.require("refresh_token");
		String scope = params.get("scope");
		// A request for broader scopes is refused before the token is spent, so the app keeps its token.
		Optional<AuthorizationGrant> unspent = tokens.refreshGrant(refreshToken).filter(g -> g.clientId().equals(client.clientId()));
		if (scope != null && unspent.isPresent() && !unspent.get().scopes().containsAll(List.of(scope.trim().split("\\s+")))) {
			throw OAuthException.invalidScope("A refresh may only narrow the granted scopes");
		}
		TokenService.SpentRefreshToken spent = tokens.spendRefreshToken(refreshToken, client.clientId());
		// The client's registration may have shrunk since the sign-in: scopes it lost are not renewed.
		List<String> stillRegistered = scopePolicy.grantable(client, spent.grant().scope());
		if (stillRegistered.isEmpty()) {
			throw OAuthException.invalidGrant("The client is no longer registered for any of the granted scopes");
		}
		AuthorizationGrant current = spent.grant().withScopes(stillRegistered);
		AuthorizationGrant issued = current;
		if (scope != null) {
			List<String> narrower = List.of(scope.trim().split("\\s+"));
			if (!current.scopes().containsAll(narrower)) {
				throw OAuthException.invalidScope("A refresh may only narrow the granted scopes");
			}
			issued = current.withScopes(narrower);
		}
		return tokens.respondRefreshed(spent, current, issued, client, urls.issuer(request), styleUrl(request));
	}

	private Map<String, Object> clientCredentials(HttpServletRequest request, RegisteredClient client, FormParams params) {
		requireGrant(client, RegisteredClient.CLIENT_CREDENTIALS);
		if (client.isPublic()) {
			throw OAuthException.invalidClient("client_credentials needs a confidential client");
		}
		String requested = params.require("scope");
		List<String> granted = scopePolicy.grantable(client, requested);
		if (granted.isEmpty()) {
			throw OAuthException.invalidScope("None of the requested scopes is registered for client " + client.clientId());
		}
		AuthorizationGrant grant = new AuthorizationGrant(client.clientId(), granted, null, null, null, null, null, false,
				urls.fhirBase(request), "", "", null, java.time.Instant.now());
		return tokens.respond(grant, client, urls.issuer(request), null);
	}

	/**
	 * RFC 7662. Callers authenticate as a registered confidential client and learn about their own
	 * tokens only, unless they are registered with {@value #SCOPE_INTROSPECT} (a resource server);
	 * anyone else's token is reported inactive.
	 */
	@PostMapping(path = "/auth/introspect", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<Map<String, Object>> introspect(
			HttpServletRequest request, @RequestParam MultiValueMap<String, String> form) {
		FormParams params = new FormParams(form);
		RegisteredClient caller = authenticator.authenticate(request, params, urls.authBase(request) + "/token");
		if (caller.isPublic()) {
			throw OAuthException.invalidClient("Introspection needs a confidential client");
		}
		String token = params.require("token");
		Map<String, Object> body = new LinkedHashMap<>();
		Optional<Jwt> jwt = verifiedAccessToken(token);
		boolean anyToken = caller.scopes().contains(SCOPE_INTROSPECT);
		if (jwt.isPresent() && validFor(jwt.get(), request)
				&& (anyToken || caller.clientId().equals(jwt.get().getClaimAsString("client_id")))) {
			Jwt access = jwt.get();
			body.put("active", true);
			body.put("token_type", "Bearer");
			body.put("scope", access.getClaimAsString("scope"));
			body.put("client_id", access.getClaimAsString("client_id"));
			body.put("sub", access.getSubject());
			body.put("iss", access.getClaimAsString("iss"));
			body.put("aud", access.getAudience());
			body.put("exp", access.getExpiresAt().getEpochSecond());
			body.put("iat", access.getIssuedAt() != null ? access.getIssuedAt().getEpochSecond() : null);
			body.put("jti", access.getId());
			copyClaim(access, "patient", body);
			copyClaim(access, "encounter", body);
			copyClaim(access, "fhirUser", body);
		} else if (jwt.isEmpty() && tokens.refreshGrant(token)
				.filter(g -> anyToken || g.clientId().equals(caller.clientId())).isPresent()) {
			AuthorizationGrant grant = tokens.refreshGrant(token).get();
			body.put("active", true);
			body.put("token_type", "refresh_token");
			body.put("scope", grant.scope());
			body.put("client_id", grant.clientId());
			body.put("sub", grant.username() != null ? grant.username() : grant.clientId());
			body.put("exp", tokens.refreshExpiry(token).map(i -> i.getEpochSecond()).orElse(null));
			if (grant.patient() != null) {
				body.put("patient", grant.patient());
			}
			if (grant.encounter() != null) {
				body.put("encounter", grant.encounter());
			}
			if (grant.fhirUser() != null) {
				body.put("fhirUser", grant.fhirUser());
			}
		} else {
			body.put("active", false);
		}
		body.values().removeIf(java.util.Objects::isNull);
		return noStore(body);
	}

	/** RFC 7009: revokes an access or refresh token of the calling client; unknown tokens are ignored. */
	@PostMapping(path = "/auth/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<Map<String, Object>> revoke(
			HttpServletRequest request, @RequestParam MultiValueMap<String, String> form) {
		FormParams params = new FormParams(form);
		RegisteredClient caller = authenticator.authenticate(request, params, urls.authBase(request) + "/token");
		String token = params.require("token");
		Optional<Jwt> jwt = verifiedAccessToken(token);
		if (jwt.isPresent()) {
			if (caller.clientId().equals(jwt.get().getClaimAsString("client_id"))) {
				revocations.revoke(jwt.get().getId(), jwt.get().getExpiresAt());
				LOG.info("Access token {} of client {} revoked", jwt.get().getId(), caller.clientId());
			}
		} else {
			tokens.refreshGrant(token)
					.filter(grant -> grant.clientId().equals(caller.clientId()))
					.ifPresent(grant -> {
						tokens.revokeRefreshToken(token);
						LOG.info("Refresh token of client {} revoked with the access tokens made from it", caller.clientId());
					});
		}
		return noStore(Map.of());
	}

	@GetMapping(path = "/auth/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> jwks() {
		return signingKeys.publicKeys().toJSONObject(true);
	}

	@GetMapping(path = "/auth/smart-style.json", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> style() {
		Map<String, Object> style = new LinkedHashMap<>();
		style.put("color_background", "#f5f7fa");
		style.put("color_error", "#b00020");
		style.put("color_highlight", "#1d5fa7");
		style.put("color_modal_backdrop", "");
		style.put("color_success", "#2e7d32");
		style.put("color_text", "#1b1f24");
		style.put("dim_border_radius", "6px");
		style.put("dim_font_size", "14px");
		style.put("dim_spacing_size", "16px");
		style.put("font_family_body", "system-ui, sans-serif");
		style.put("font_family_heading", "system-ui, sans-serif");
		return style;
	}

	@ExceptionHandler(OAuthException.class)
	public ResponseEntity<Map<String, Object>> error(OAuthException e) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", e.error());
		body.put("error_description", e.getMessage());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status())
				.cacheControl(CacheControl.noStore())
				.header(HttpHeaders.PRAGMA, "no-cache");
		if (e.status() == 401) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"token\"");
		}
		return response.contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private Optional<Jwt> verifiedAccessToken(String token) {
		if (token.chars().filter(c -> c == '.').count() != 2) {
			return Optional.empty();
		}
		try {
			NimbusJwtDecoder decoder = new NimbusJwtDecoder(localTokens);
			decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
			return Optional.of(decoder.decode(token));
		} catch (JwtException e) {
			return Optional.empty();
		}
	}

	private boolean validFor(Jwt jwt, HttpServletRequest request) {
		return !TokenValidators.forToken(urls.issuer(request), urls.fhirBase(request), revocations)
				.validate(jwt)
				.hasErrors();
	}

	private String styleUrl(HttpServletRequest request) {
		return urls.authBase(request) + "/smart-style.json";
	}

	private static void copyClaim(Jwt jwt, String claim, Map<String, Object> body) {
		if (jwt.hasClaim(claim)) {
			body.put(claim, jwt.getClaimAsString(claim));
		}
	}

	private static void requireGrant(RegisteredClient client, String grantType) {
		if (!client.allowsGrant(grantType)) {
			throw new OAuthException(400, "unauthorized_client", "Client " + client.clientId() + " may not use " + grantType);
		}
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static <T> ResponseEntity<T> noStore(T body) {
		return ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.header(HttpHeaders.PRAGMA, "no-cache")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body);
	}
}

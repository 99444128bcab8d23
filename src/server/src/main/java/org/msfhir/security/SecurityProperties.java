package org.msfhir.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of SMART on FHIR security ({@code msfhir.security.*}). Security is on by default
 * ({@code mode: embedded}).
 *
 * @param mode embedded (built-in authorization server), external (trust another issuer) or open
 *     (development only, localhost only)
 * @param issuer the {@code iss} of tokens this server issues and expects; empty means "the FHIR base
 *     URL", derived from {@code hapi.fhir.server-address} or, when that is empty, from the request
 * @param accessTokenLifetime lifetime of access tokens; at most one hour
 * @param refreshTokenLifetime lifetime of a refresh-token family (granted with {@code offline_access} or
 *     {@code online_access}), counted from the sign-in; rotation does not extend it
 * @param revocationCache how long a resource request may rely on an earlier answer to "is this token
 *     revoked?"; a revocation made on another instance takes effect within this time
 * @param signingKeyFile JWK set file with the RSA signing key(s); created with a new key on first start,
 *     so that issued tokens stay valid across restarts
 * @param signingKeyPublishAhead how long a key added by rotation is published before it signs
 * @param signingKeyRotation how old the newest signing key may get before the server adds a new one
 *     (checked hourly); 0 turns scheduled rotation off (the admin API still rotates)
 * @param metricsPublic whether {@code /actuator/prometheus} is reachable without a token; when false
 *     it needs a token with the {@code msfhir/metrics} scope
 * @param allowedHosts host names (as in the Host header, without port) the server answers to when
 *     {@code hapi.fhir.server-address} is empty; empty means the loopback names on a loopback-bound
 *     server, and is refused at startup on a server reachable from other machines
 * @param external the other issuer trusted in {@code external} mode
 * @param clients OAuth clients registered at start (the admin API can add more)
 * @param users login accounts of the built-in authorization server (quick start and demos)
 */
@Validated
@ConfigurationProperties("msfhir.security")
public record SecurityProperties(
		@DefaultValue("embedded") @NotNull SecurityMode mode,
		@DefaultValue("") String issuer,
		@DefaultValue("1h") @NotNull Duration accessTokenLifetime,
		@DefaultValue("24h") @NotNull Duration refreshTokenLifetime,
		@DefaultValue("./data/smart-signing-key.json") @NotBlank String signingKeyFile,
		@DefaultValue("15m") @NotNull Duration signingKeyPublishAhead,
		@DefaultValue("90d") @NotNull Duration signingKeyRotation,
		@DefaultValue("false") boolean metricsPublic,
		@DefaultValue("5s") @NotNull Duration revocationCache,
		@DefaultValue List<String> allowedHosts,
		@DefaultValue @Valid External external,
		@DefaultValue List<@Valid Client> clients,
		@DefaultValue List<@Valid User> users) {

	/** The longest access token lifetime this server accepts in its configuration. */
	public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

	public SecurityProperties {
		if (accessTokenLifetime.isNegative()
				|| accessTokenLifetime.isZero()
				|| accessTokenLifetime.compareTo(MAX_ACCESS_TOKEN_LIFETIME) > 0) {
			throw new IllegalArgumentException(
					"msfhir.security.access-token-lifetime must be between 1s and 1h, was " + accessTokenLifetime);
		}
		if (signingKeyRotation.isNegative()
				|| (!signingKeyRotation.isZero() && signingKeyRotation.compareTo(Duration.ofDays(1)) < 0)) {
			throw new IllegalArgumentException(
					"msfhir.security.signing-key-rotation must be 0 (off) or at least 1d, was " + signingKeyRotation);
		}
		if (revocationCache.isNegative() || revocationCache.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"msfhir.security.revocation-cache must be between 0s and 1m, was " + revocationCache);
		}
		if (mode == SecurityMode.EXTERNAL && (external.issuer().isBlank() || external.jwksUri().isBlank())) {
			throw new IllegalArgumentException(
					"msfhir.security.mode=external needs msfhir.security.external.issuer and .jwks-uri");
		}
	}

	/**
	 * An external identity provider whose tokens the FHIR endpoint accepts in {@code external} mode.
	 *
	 * @param issuer the exact {@code iss} of its tokens
	 * @param jwksUri where its public keys are published
	 * @param audience the {@code aud} its tokens must carry; empty means "this server's FHIR base URL"
	 */
	public record External(
			@DefaultValue("") String issuer, @DefaultValue("") String jwksUri, @DefaultValue("") String audience) {}

	/**
	 * An OAuth client (SMART app or backend service).
	 *
	 * @param clientId the {@code client_id}
	 * @param name shown on the login page
	 * @param secret for confidential symmetric clients: the secret, in Spring's password-encoder form
	 *     ({@code {noop}plain} or {@code {bcrypt}...}); empty for public and asymmetric clients
	 * @param jwksUri for asymmetric clients (SMART backend services): where the client's public keys are
	 * @param jwks for asymmetric clients: the client's public JWK set, inline as JSON
	 * @param redirectUris exact redirect URIs for the authorization code flow
	 * @param scopes the scopes the client may be granted at most (SMART v1 or v2 grammar; {@code
	 *     patient/*.*}-style wildcards cover narrower scopes of the same context)
	 * @param grantTypes {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
	 */
	public record Client(
			@NotBlank String clientId,
			@DefaultValue("") String name,
			@DefaultValue("") String secret,
			@DefaultValue("") String jwksUri,
			@DefaultValue("") String jwks,
			@DefaultValue List<String> redirectUris,
			@DefaultValue List<String> scopes,
			@DefaultValue List<String> grantTypes) {}

	/**
	 * A login account of the built-in authorization server.
	 *
	 * @param username login name
	 * @param password in Spring's password-encoder form ({@code {noop}plain} or {@code {bcrypt}...})
	 * @param fhirUser the FHIR resource of the user, e.g. {@code Practitioner/123}
	 * @param displayName shown after login
	 * @param role {@code patient}, {@code related-person}, {@code clinician} or {@code researcher}; empty:
	 *     derived from {@code fhirUser} (Patient, RelatedPerson, Practitioner/PractitionerRole; anything
	 *     else is a researcher, the role without identified data)
	 * @param patient the patient a {@code related-person} account acts for (a {@code patient} account's
	 *     own patient comes from its {@code fhirUser})
	 * @param patientGroup for a {@code clinician}: the id of the Group whose members they may see; empty
	 *     means all patients
	 * @param identifiedData for a {@code researcher}: whether identified patient data may be read too
	 * @param disabled a disabled account cannot sign in, and its refresh tokens stop working
	 */
	public record User(
			@NotBlank String username,
			@NotBlank String password,
			@DefaultValue("") String fhirUser,
			@DefaultValue("") String displayName,
			@DefaultValue("") String role,
			@DefaultValue("") String patient,
			@DefaultValue("") String patientGroup,
			@DefaultValue("false") boolean identifiedData,
			@DefaultValue("false") boolean disabled) {

		@org.springframework.boot.context.properties.bind.ConstructorBinding
		public User {}

		/** An account whose role follows from its {@code fhirUser}. */
		public User(String username, String password, String fhirUser, String displayName) {
			this(username, password, fhirUser, displayName, "", "", "", false, false);
		}
	}
}

package org.msfhir.security;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.msfhir.security.state.AuthStateStore;
import java.util.List;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.FhirTokenAuthenticationResolver;
import org.msfhir.security.token.FhirTokenAuthenticationResolver.Expected;
import org.msfhir.security.token.SigningKeyRotation;
import org.msfhir.security.token.SigningKeys;
import org.msfhir.security.token.TokenRevocations;
import org.msfhir.security.token.TokenValidators;
import org.msfhir.security.web.FhirAccessDeniedHandler;
import org.msfhir.security.audit.UnauthenticatedRefusals;
import org.msfhir.security.web.FhirAuthenticationEntryPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.msfhir.server.FhirServerProperties;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what. The FHIR endpoint ({@code /fhir/**}) is an OAuth 2 resource server: every
 * request needs a valid access token (signature, {@code exp}, {@code iss}, {@code aud} = the FHIR
 * base URL, not revoked), except the public discovery documents. Which data a valid token may see is
 * decided later, per request, by the scope enforcement. The built-in authorization server's own
 * endpoints ({@code /auth/**}) authenticate clients and users themselves.
 *
 * <p>Admin scopes (not SMART scopes, only meaningful here): {@code msfhir/admin} for the client and
 * launch admin API, {@code msfhir/launch} for creating EHR launch contexts only, {@code msfhir/metrics}
 * for {@code /actuator/prometheus} (unless {@code msfhir.security.metrics-public}).
 */
@Configuration
public class SecurityConfig {

	public static final String SCOPE_ADMIN = "msfhir/admin";
	public static final String SCOPE_LAUNCH = "msfhir/launch";
	public static final String SCOPE_METRICS = "msfhir/metrics";

	/** FHIR URLs reachable without a token: the documents a client reads before it has one. */
	static final RequestMatcher PUBLIC_FHIR = new OrRequestMatcher(
			antMatcher(HttpMethod.GET, "/fhir/metadata"),
			antMatcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration"),
			antMatcher(HttpMethod.GET, "/fhir/.well-known/openid-configuration"),
			// CORS preflight requests never carry credentials.
			antMatcher(HttpMethod.OPTIONS, "/fhir/**"));

	static final RequestMatcher PUBLIC_ACTUATOR = new OrRequestMatcher(
			antMatcher("/actuator/health"), antMatcher("/actuator/health/**"), antMatcher("/actuator/info"));

	@Bean
	@Order(1)
	SecurityFilterChain resourceServerChain(
			HttpSecurity http,
			SecurityProperties properties,
			Environment environment,
			ObjectProvider<AuthenticationManagerResolver<HttpServletRequest>> tokenResolver,
			ObjectProvider<UnauthenticatedRefusals> auditTrail)
			throws Exception {
		http.securityMatcher(new OrRequestMatcher(
						antMatcher("/fhir/**"), antMatcher("/actuator/**"), antMatcher("/auth/admin/**")))
				.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(AbstractHttpConfigurer::disable)
				// HAPI's HTML view for browsers needs its inline styles and scripts; framing is never allowed.
				.headers(headers -> protectPages(headers, "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"));
		if (properties.mode() == SecurityMode.EMBEDDED) {
			DemoCredentialsGuard.check(environment.getProperty("server.address"), properties);
		}
		if (properties.mode() == SecurityMode.OPEN) {
			OpenModeGuard.check(environment.getProperty("server.address"));
			http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
			return http.build();
		}
		FhirAuthenticationEntryPoint entryPoint = new FhirAuthenticationEntryPoint(auditTrail::getIfAvailable);
		http.authorizeHttpRequests(auth -> {
					auth.requestMatchers(PUBLIC_FHIR).permitAll();
					auth.requestMatchers(PUBLIC_ACTUATOR).permitAll();
					if (properties.metricsPublic()) {
						auth.requestMatchers(antMatcher("/actuator/prometheus")).permitAll();
					} else {
						auth.requestMatchers(antMatcher("/actuator/prometheus")).hasAuthority("SCOPE_" + SCOPE_METRICS);
					}
					auth.requestMatchers(antMatcher("/auth/admin/launch/**"))
							.hasAnyAuthority("SCOPE_" + SCOPE_LAUNCH, "SCOPE_" + SCOPE_ADMIN);
					auth.requestMatchers(antMatcher("/auth/admin/**")).hasAuthority("SCOPE_" + SCOPE_ADMIN);
					auth.requestMatchers(antMatcher("/actuator/**")).hasAuthority("SCOPE_" + SCOPE_ADMIN);
					auth.anyRequest().authenticated();
				})
				.oauth2ResourceServer(oauth -> oauth
						.authenticationManagerResolver(tokenResolver.getObject())
						.bearerTokenResolver(bearerTokenResolver())
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(new FhirAccessDeniedHandler()))
				.exceptionHandling(errors -> errors
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(new FhirAccessDeniedHandler()));
		return http.build();
	}

	/**
	 * The authorization server's endpoints (authorize, login, token, introspection, revocation, JWKS):
	 * they check client and user credentials themselves. CORS is open because browser apps call the
	 * token endpoint directly.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOriginPattern("*");
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
		cors.setAllowCredentials(false);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/auth/**", cors);
		http.securityMatcher(antMatcher("/auth/**"))
				.csrf(AbstractHttpConfigurer::disable) // forms carry a one-time transaction id instead
				.cors(c -> c.configurationSource(source))
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(AbstractHttpConfigurer::disable)
				.headers(headers -> protectPages(headers, PAGE_POLICY))
				.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
		return http.build();
	}

	/** Everything else (error pages, static files) holds no data. */
	@Bean
	@Order(3)
	SecurityFilterChain defaultChain(HttpSecurity http) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.headers(headers -> protectPages(headers, PAGE_POLICY))
				.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * Content-Security-Policy of the sign-in, patient-picker and error pages: nothing but their own inline
	 * style; no scripts, no framing. No form-action: after sign-in the browser is redirected to the app.
	 */
	static final String PAGE_POLICY =
			"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

	/** CSP, no Referer (the pages' URLs carry authorization parameters) and no framing (clickjacking). */
	private static void protectPages(HeadersConfigurer<HttpSecurity> headers, String policy) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(policy))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
				.frameOptions(HeadersConfigurer.FrameOptionsConfig::deny);
	}

	/** Refuses forged Host headers before anything builds a URL from them (see {@link HostGuard}). */
	@Bean
	FilterRegistrationBean<HostGuard> hostGuard(FhirServerProperties fhir, SecurityProperties properties, Environment environment) {
		FilterRegistrationBean<HostGuard> registration = new FilterRegistrationBean<>(HostGuard.create(
				fhir.serverAddress(), properties.allowedHosts(), environment.getProperty("server.address")));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** A token sent to a public URL is ignored instead of failing the request when it is stale. */
	static BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();
		return request -> PUBLIC_FHIR.matches(request) || PUBLIC_ACTUATOR.matches(request) ? null : delegate.resolve(request);
	}

	@Bean
	AuthStateStore authStateStore(DataSource dataSource) {
		return new AuthStateStore(dataSource, Clock.systemUTC());
	}

	@Bean
	TokenRevocations tokenRevocations(AuthStateStore state, SecurityProperties properties) {
		return new TokenRevocations(state, properties.revocationCache());
	}

	/** Embedded mode: this server signs its own tokens with the key from the key file. */
	@Configuration
	@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
	static class EmbeddedTokens {

		@Bean
		SigningKeys signingKeys(SecurityProperties properties) {
			return SigningKeys.loadOrCreate(
					Path.of(properties.signingKeyFile()), properties.signingKeyPublishAhead(), Clock.systemUTC());
		}

		/** Scheduled rotation, unless {@code msfhir.security.signing-key-rotation} is 0. */
		@Bean(destroyMethod = "close")
		SigningKeyRotation signingKeyRotation(SigningKeys keys, SecurityProperties properties) {
			return new SigningKeyRotation(keys, properties.signingKeyRotation(), properties.accessTokenLifetime());
		}

		/** Always the current key set: a rotated key verifies as soon as it is in the file. */
		@Bean
		JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
			return (selector, context) -> selector.select(keys.privateKeys());
		}

		@Bean
		JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
			return new NimbusJwtEncoder(jwkSource);
		}

		@Bean
		AccessTokenIssuer accessTokenIssuer(JwtEncoder encoder, SigningKeys keys, SecurityProperties properties) {
			return new AccessTokenIssuer(encoder, keys, properties.accessTokenLifetime());
		}

		@Bean
		AuthenticationManagerResolver<HttpServletRequest> fhirTokenResolver(
				JWKSource<SecurityContext> jwkSource, ServerUrls urls, TokenRevocations revocations) {
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
			processor.setJWTClaimsSetVerifier((claims, context) -> {}); // Spring's validators below check the claims
			return new FhirTokenAuthenticationResolver(
					request -> new Expected(urls.issuer(request), urls.fhirBase(request)),
					expected -> {
						NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
						decoder.setJwtValidator(TokenValidators.forToken(expected.issuer(), expected.audience(), revocations));
						return decoder;
					});
		}
	}

	/** External mode: tokens come from another issuer and are checked against its published keys. */
	@Configuration
	@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "external")
	static class ExternalTokens {

		@Bean
		AuthenticationManagerResolver<HttpServletRequest> fhirTokenResolver(
				SecurityProperties properties, ServerUrls urls, TokenRevocations revocations) {
			SecurityProperties.External external = properties.external();
			return new FhirTokenAuthenticationResolver(
					request -> new Expected(
							external.issuer(),
							StringUtils.hasText(external.audience()) ? external.audience() : urls.fhirBase(request)),
					expected -> {
						JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(external.jwksUri())
								.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(
										SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
										SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512,
										SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512)))
								.build();
						((NimbusJwtDecoder) decoder).setJwtValidator(
								TokenValidators.forToken(expected.issuer(), expected.audience(), revocations));
						return decoder;
					});
		}
	}
}

package org.msfhir.security.authserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.ServerUrls;
import org.msfhir.security.state.AuthStateStore;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.TokenRevocations;
import org.msfhir.server.FhirServerCustomizer;
import org.msfhir.server.FhirServerProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The built-in SMART authorization server (mode {@code embedded}, the default): client and user
 * registries (admin registrations stored in the database), launch contexts, codes and refresh tokens
 * (in the database, see {@link AuthStateStore}), client assertion checks, the
 * discovery documents and the CapabilityStatement's security section.
 */
@Configuration
@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
public class AuthorizationServerConfig {

	private final Clock clock = Clock.systemUTC();
	private final PasswordEncoder passwordEncoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Bean
	RegistrationStore smartRegistrationStore(DataSource dataSource) {
		return new RegistrationStore(dataSource);
	}

	@Bean
	ClientRegistry clientRegistry(SecurityProperties properties, RegistrationStore store) {
		return new ClientRegistry(properties.clients(), passwordEncoder, store);
	}

	@Bean
	UserAccounts userAccounts(SecurityProperties properties, RegistrationStore store) {
		return new UserAccounts(properties.users(), passwordEncoder, store);
	}

	@Bean
	ScopePolicy scopePolicy(FhirContext fhirContext) {
		return new ScopePolicy(fhirContext.getResourceTypes());
	}

	@Bean
	LaunchContexts launchContexts(AuthStateStore state) {
		return new LaunchContexts(state);
	}

	@Bean
	AuthorizationCodes authorizationCodes(AuthStateStore state) {
		return new AuthorizationCodes(state);
	}

	@Bean
	ClientAuthenticator clientAuthenticator(ClientRegistry clients, AuthStateStore state) {
		return new ClientAuthenticator(clients, new ClientAssertionVerifier(clients, new ClientKeys(clock), state));
	}

	@Bean
	TokenService tokenService(
			AccessTokenIssuer issuer,
			AuthStateStore state,
			TokenRevocations revocations,
			SecurityProperties properties,
			UserAccounts users) {
		return new TokenService(issuer, state, revocations, properties.refreshTokenLifetime(), users);
	}

	@Bean
	PatientDirectory patientDirectory(DaoRegistry daoRegistry) {
		return new PatientDirectory(daoRegistry);
	}

	@Bean
	SmartConfiguration smartConfiguration(ServerUrls urls) {
		return new SmartConfiguration(urls);
	}

	@Bean
	ServletRegistrationBean<DiscoveryServlet> smartDiscoveryServlet(SmartConfiguration configuration) {
		ServletRegistrationBean<DiscoveryServlet> registration = new ServletRegistrationBean<>(
				new DiscoveryServlet(configuration), DiscoveryServlet.SMART_PATH, DiscoveryServlet.OPENID_PATH);
		registration.setName("smartDiscovery");
		return registration;
	}

	@Bean
	FhirServerCustomizer smartCapabilityStatement(SmartConfiguration configuration) {
		return server -> server.registerInterceptor(new SmartCapabilityInterceptor(configuration));
	}

	@Bean
	QuickStartBanner smartQuickStartBanner(ClientRegistry clients, UserAccounts users, FhirServerProperties fhir) {
		return new QuickStartBanner(clients, users, fhir);
	}
}

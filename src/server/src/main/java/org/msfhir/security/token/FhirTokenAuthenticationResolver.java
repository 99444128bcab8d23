package org.msfhir.security.token;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Chooses how a bearer token is validated for a request: the expected issuer and audience depend on
 * the URL the client used (unless {@code hapi.fhir.server-address} fixes them), so one validating
 * {@link AuthenticationManager} is kept per (issuer, audience) pair. The number of pairs is bounded:
 * requests with forged Host headers cannot grow the cache without limit.
 */
public class FhirTokenAuthenticationResolver implements AuthenticationManagerResolver<HttpServletRequest> {

	private static final int MAX_CACHED = 16;

	private final Function<HttpServletRequest, Expected> expectation;
	private final Function<Expected, JwtDecoder> decoderFactory;
	private final Map<Expected, AuthenticationManager> managers = new ConcurrentHashMap<>();

	/**
	 * @param expectation the issuer and audience a token must have for a request
	 * @param decoderFactory builds a decoder (signature and claim checks) for an expectation
	 */
	public FhirTokenAuthenticationResolver(
			Function<HttpServletRequest, Expected> expectation, Function<Expected, JwtDecoder> decoderFactory) {
		this.expectation = expectation;
		this.decoderFactory = decoderFactory;
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		Expected expected = expectation.apply(request);
		AuthenticationManager cached = managers.get(expected);
		if (cached != null) {
			return cached;
		}
		AuthenticationManager manager = new ProviderManager(new JwtAuthenticationProvider(decoderFactory.apply(expected)));
		if (managers.size() < MAX_CACHED) {
			managers.putIfAbsent(expected, manager);
		}
		return manager;
	}

	/** The issuer and audience a token must carry. */
	public record Expected(String issuer, String audience) {}
}

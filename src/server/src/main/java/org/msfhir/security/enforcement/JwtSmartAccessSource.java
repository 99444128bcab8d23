package org.msfhir.security.enforcement;

import java.util.Optional;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.scope.ScopeParser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the caller from the validated {@link Jwt} that Spring Security put into the security context
 * of the request thread.
 */
public final class JwtSmartAccessSource implements SmartAccessSource {

	private final ScopeParser parser;

	public JwtSmartAccessSource(ScopeParser parser) {
		this.parser = parser;
	}

	@Override
	public Optional<SmartAccess> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
			return Optional.of(SmartAccess.fromClaims(jwt.getClaims(), parser));
		}
		return Optional.empty();
	}
}

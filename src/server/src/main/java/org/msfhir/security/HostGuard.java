package org.msfhir.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests whose Host header names a host this server does not answer to. Without {@code
 * hapi.fhir.server-address} the server builds its URLs (discovery document, token issuer and
 * audience, redirects) from the request's host, so a forged Host header would otherwise rewrite them.
 * With the public address configured the URLs are fixed and no check is needed. Otherwise the hosts
 * allowed are {@code msfhir.security.allowed-hosts}, or, on a server bound to loopback, the loopback
 * names; a server reachable from other machines with neither setting refuses to start. Health and
 * info probes are exempt (orchestrators call them by IP address and they build no URLs).
 */
public class HostGuard extends OncePerRequestFilter {

	static final Set<String> LOOPBACK_NAMES =
			Set.of("localhost", "127.0.0.1", "[::1]", "::1", "[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1");

	private final Set<String> allowed;

	private HostGuard(Set<String> allowed) {
		this.allowed = allowed;
	}

	/**
	 * @param publicFhirBase {@code hapi.fhir.server-address}
	 * @param allowedHosts {@code msfhir.security.allowed-hosts}
	 * @param bindAddress {@code server.address} (empty: all interfaces)
	 * @throws IllegalStateException when the server is reachable from other machines and would take
	 *     its URLs from any Host header
	 */
	public static HostGuard create(String publicFhirBase, List<String> allowedHosts, String bindAddress) {
		if (StringUtils.hasText(publicFhirBase)) {
			return new HostGuard(null);
		}
		if (!allowedHosts.isEmpty()) {
			return new HostGuard(allowedHosts.stream()
					.map(host -> host.trim().toLowerCase(Locale.ROOT))
					.collect(Collectors.toUnmodifiableSet()));
		}
		if (OpenModeGuard.isLoopback(bindAddress)) {
			return new HostGuard(LOOPBACK_NAMES);
		}
		throw new IllegalStateException("The server listens on '" + (bindAddress == null ? "" : bindAddress)
				+ "' (reachable from other machines) and would build its discovery and token URLs from the Host header "
				+ "of each request. Set hapi.fhir.server-address to the public FHIR base URL "
				+ "(e.g. https://fhir.example.org/fhir), or list the host names it answers to in "
				+ "msfhir.security.allowed-hosts, or bind to 127.0.0.1 (server.address).");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (allowed == null || allowed.contains(request.getServerName().toLowerCase(Locale.ROOT))
				|| SecurityConfig.PUBLIC_ACTUATOR.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		OperationOutcomes.writeError(response, HttpServletResponse.SC_BAD_REQUEST, OperationOutcome.IssueType.SECURITY,
				"Host '" + request.getServerName().replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?")
						+ "' is not a name of this server (msfhir.security.allowed-hosts)");
	}
}

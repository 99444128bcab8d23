package org.msfhir.security;

import jakarta.servlet.http.HttpServletRequest;
import org.msfhir.server.FhirServerProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The absolute URLs of this server as clients see them: the FHIR base (the {@code aud} of access
 * tokens), the token issuer and the authorization server endpoints. With {@code
 * hapi.fhir.server-address} set they are fixed; otherwise they follow the request's host, like HAPI does.
 */
@Component
public class ServerUrls {

	/** Path of the built-in authorization server's endpoints, next to {@code /fhir}. */
	public static final String AUTH_PATH = "/auth";

	private final String configuredFhirBase;
	private final String configuredIssuer;

	public ServerUrls(FhirServerProperties fhir, SecurityProperties security) {
		this.configuredFhirBase = trimSlash(fhir.serverAddress());
		this.configuredIssuer = trimSlash(security.issuer());
	}

	/** The FHIR base URL, e.g. {@code https://fhir.example.org/fhir}. */
	public String fhirBase(HttpServletRequest request) {
		if (StringUtils.hasText(configuredFhirBase)) {
			return configuredFhirBase;
		}
		return root(request) + "/fhir";
	}

	/** The {@code iss} of this server's tokens: configured, or else the FHIR base URL. */
	public String issuer(HttpServletRequest request) {
		return StringUtils.hasText(configuredIssuer) ? configuredIssuer : fhirBase(request);
	}

	/** Base URL of the authorization server endpoints, e.g. {@code https://fhir.example.org/auth}. */
	public String authBase(HttpServletRequest request) {
		if (StringUtils.hasText(configuredFhirBase) && configuredFhirBase.endsWith("/fhir")) {
			return configuredFhirBase.substring(0, configuredFhirBase.length() - "/fhir".length()) + AUTH_PATH;
		}
		return root(request) + AUTH_PATH;
	}

	private static String root(HttpServletRequest request) {
		return trimSlash(ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
	}

	private static String trimSlash(String url) {
		if (url == null) {
			return "";
		}
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}
}

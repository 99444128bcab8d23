package org.msfhir.security.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Serves {@code /fhir/.well-known/smart-configuration} and {@code /fhir/.well-known/openid-configuration}
 * as JSON whatever the Accept header asks for, without authentication and open to every origin
 * (browser apps read it before they have a token). It is a servlet of its own because the FHIR
 * servlet owns {@code /fhir/*}; exact servlet mappings win over it.
 */
public class DiscoveryServlet extends HttpServlet {

	public static final String SMART_PATH = "/fhir/.well-known/smart-configuration";
	public static final String OPENID_PATH = "/fhir/.well-known/openid-configuration";

	private final transient SmartConfiguration configuration;
	private final transient ObjectMapper json = new ObjectMapper();

	public DiscoveryServlet(SmartConfiguration configuration) {
		this.configuration = configuration;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> doc = request.getServletPath().equals(OPENID_PATH)
				? configuration.openidConfiguration(request)
				: configuration.smartConfiguration(request);
		cors(response);
		response.setStatus(200);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Cache-Control", "public, max-age=300");
		json.writeValue(response.getOutputStream(), doc);
	}

	@Override
	protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
		cors(response);
		response.setHeader("Access-Control-Allow-Methods", "GET, OPTIONS");
		response.setHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type");
		response.setHeader("Access-Control-Max-Age", "3600");
		response.setStatus(204);
	}

	private static void cors(HttpServletResponse response) {
		response.setHeader("Access-Control-Allow-Origin", "*");
	}
}

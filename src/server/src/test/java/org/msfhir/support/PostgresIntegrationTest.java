package org.msfhir.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.msfhir.security.token.AccessTokenIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the real application on a random port, on a real PostgreSQL
 * (profile {@code postgres}, database from {@link TestPostgres}), driven over HTTP. {@link TestProfiles}
 * adds the profile {@code overrides-off} when the suite runs with HAPI's own internals.
 *
 * <p>All subclasses share this one configuration so Spring starts the application once per test run
 * (each distinct context costs ~25 s). Do not add {@code @MockBean}, {@code @DirtiesContext} or extra
 * properties in a subclass without a reason written next to it.
 */
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = org.msfhir.MsFhirServerApplication.class)
@ActiveProfiles(resolver = TestProfiles.class)
public abstract class PostgresIntegrationTest {

	@LocalServerPort
	protected int port;

	/** Client id of the tokens the tests mint for themselves. */
	protected static final String TEST_CLIENT_ID = "msfhir-test";

	/** Scopes of the full-access token of {@link #client()} and {@link #request(String)}. */
	protected static final String FULL_ACCESS_SCOPES = "system/*.cruds";

	@Autowired
	protected FhirContext fhirContext;

	/** The server's own token issuer; absent only in contexts that do not run the embedded server. */
	@Autowired(required = false)
	protected AccessTokenIssuer tokenIssuer;

	protected final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	/** The FHIR base URL of the running server, e.g. {@code http://localhost:53211/fhir}. */
	protected String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}

	/**
	 * HAPI's generic client against the running server, with full access. Tests that check
	 * authorization build their own clients; every other test uses this one, so that the way a test
	 * authenticates is decided here, in one place.
	 */
	protected IGenericClient client() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
		IGenericClient client = fhirContext.newRestfulGenericClient(baseUrl());
		client.registerInterceptor(new BearerTokenAuthInterceptor(fullAccessToken()));
		return client;
	}

	/**
	 * A plain HTTP request to a path under the FHIR base (e.g. {@code "Patient?name=x"}) or to an
	 * absolute URL, with the same full access as {@link #client()}. Use it where status codes and
	 * headers matter.
	 */
	protected HttpRequest.Builder request(String pathOrUrl) {
		String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + "/" + pathOrUrl;
		return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + fullAccessToken());
	}

	/** Like {@link #request(String)} but without any token: for public URLs and authentication tests. */
	protected HttpRequest.Builder anonymousRequest(String pathOrUrl) {
		String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + "/" + pathOrUrl;
		return HttpRequest.newBuilder(URI.create(url));
	}

	/** A token with full system access ({@value #FULL_ACCESS_SCOPES}), signed by the server's key. */
	protected String fullAccessToken() {
		return tokenFor(FULL_ACCESS_SCOPES, null);
	}

	/**
	 * An access token as the server's authorization server would issue it: signed with its key, issuer
	 * and audience this server's FHIR base, client {@value #TEST_CLIENT_ID}.
	 *
	 * @param scopes the granted scopes, space-separated (SMART v1 or v2)
	 * @param patientId the launch context patient (the {@code patient} claim), or null
	 */
	protected String tokenFor(String scopes, String patientId) {
		if (tokenIssuer == null) {
			throw new IllegalStateException("This context does not run the embedded authorization server");
		}
		return tokenIssuer
				.issue(new AccessTokenIssuer.TokenGrant(
						baseUrl(), baseUrl(), TEST_CLIENT_ID, null, scopes, patientId, null, null, null))
				.getTokenValue();
	}

	/**
	 * An access token of a signed-in user as the authorization server issues it: {@code sub} the user
	 * name, and the user's role claims ({@code msfhir_role}, {@code msfhir_confined} for roles confined
	 * to one patient, {@code msfhir_identified} for a researcher granted identified data).
	 *
	 * @param role {@code patient}, {@code related-person}, {@code clinician} or {@code researcher}
	 * @param patientId the token's patient (required for confined roles), or null
	 * @param confined whether the user's rule confines the token to that patient (e.g. a clinician
	 *     with a patient list); patient and related-person roles are always confined
	 */
	protected String tokenForUser(String scopes, String patientId, String username, String role, boolean confined) {
		java.util.Map<String, Object> claims = new java.util.HashMap<>();
		claims.put("msfhir_role", role);
		if (confined) {
			claims.put("msfhir_confined", true);
		}
		return tokenIssuer
				.issue(new AccessTokenIssuer.TokenGrant(
						baseUrl(), baseUrl(), TEST_CLIENT_ID, username, scopes, patientId, null, null, claims))
				.getTokenValue();
	}

	/** Sends a request and returns the body as a string. */
	protected HttpResponse<String> send(HttpRequest.Builder builder) {
		try {
			return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}

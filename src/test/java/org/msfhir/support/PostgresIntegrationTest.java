package org.msfhir.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.net.http.HttpClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the real application on a random port, on a real PostgreSQL
 * (profile {@code postgres}, database from {@link TestPostgres}), driven over HTTP.
 *
 * <p>All subclasses share this one configuration so Spring starts the application once per test run
 * (each distinct context costs ~25 s). Do not add {@code @MockBean}, {@code @DirtiesContext} or extra
 * properties in a subclass without a reason written next to it.
 */
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = org.msfhir.MsFhirServerApplication.class)
@ActiveProfiles({"postgres", "test"})
public abstract class PostgresIntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

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

	/** HAPI's generic client against the running server. */
	protected IGenericClient client() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
		return fhirContext.newRestfulGenericClient(baseUrl());
	}
}

package org.msfhir.security.authserver;

import org.msfhir.MsFhirServerApplication;
import org.msfhir.support.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second server started in the test JVM on a random port, on the same PostgreSQL as the tests'
 * main server and under the same public FHIR base URL, as two instances behind one load balancer are.
 */
final class SecondInstance implements AutoCloseable {

	private final String publicFhirBase;
	private ConfigurableApplicationContext context;

	private SecondInstance(String publicFhirBase) {
		this.publicFhirBase = publicFhirBase;
		this.context = launch();
	}

	static SecondInstance start(String publicFhirBase) {
		return new SecondInstance(publicFhirBase);
	}

	/** Stops the instance and starts a fresh one on the same database. */
	void restart() {
		context.close();
		context = launch();
	}

	String fhirBase() {
		return "http://localhost:" + port() + "/fhir";
	}

	/** The authorization server's base, ending in {@code /auth/}. */
	String authBase() {
		return "http://localhost:" + port() + "/auth/";
	}

	private int port() {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private ConfigurableApplicationContext launch() {
		// Command-line arguments: they outrank the profiles' settings (builder properties would not).
		return new SpringApplicationBuilder(MsFhirServerApplication.class)
				.profiles("postgres", "test")
				.run(
						"--server.port=0",
						"--spring.datasource.url=" + TestPostgres.jdbcUrl(),
						"--spring.datasource.username=postgres",
						"--spring.datasource.password=postgres",
						"--spring.datasource.hikari.maximum-pool-size=4",
						"--hapi.fhir.server-address=" + publicFhirBase);
	}

	@Override
	public void close() {
		context.close();
	}
}

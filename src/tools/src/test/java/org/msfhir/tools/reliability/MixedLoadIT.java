package org.msfhir.tools.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.load.BundleLoader;
import org.msfhir.tools.load.FhirHttp;
import org.msfhir.tools.load.LoadResult;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The sustained mixed load, short: 20 loaded patients, 30 seconds of writes, reads, searches,
 * {@code $lastn}, exports and token renewals against the test server with SMART security on, as a
 * confidential backend client registered through the admin API. Every kind of operation runs, none
 * fails, and afterwards the server's threads and active database connections are back to their level
 * before the load (within a small slack). The ten-minute run is {@code src/tools/scripts/mixed-load.sh}
 * (docs/reliability.md).
 */
class MixedLoadIT extends PostgresIntegrationTest {

	private static final int PATIENTS = 20;
	/** Threads the server may have more after the load: pools that grew under load and idle out later. */
	private static final int THREAD_SLACK = 5;

	@Test
	void everyOperationRunsWithoutErrorsAndThreadsAndConnectionsReturnToTheirLevel() throws Exception {
		String clientId = "mixed-load-" + UUID.randomUUID().toString().substring(0, 8);
		String secret = UUID.randomUUID().toString();
		registerClient(clientId, secret);
		loadCohort();

		ByteArrayOutputStream console = new ByteArrayOutputStream();
		MixedLoad.Result result = new MixedLoad(new MixedLoad.Options(baseUrl(), clientId, secret, Duration.ofSeconds(30),
				ProcessHandle.current().pid(), 2, 2, 1, Duration.ofSeconds(5), PATIENTS, Duration.ofSeconds(20),
				new PrintStream(console, true))).run();
		String report = console.toString();
		System.out.println("[mixed-load]\n" + report);

		assertThat(result.errorSamples()).as(report).isEmpty();
		assertThat(result.errors()).as(report).isZero();
		for (String operation : MixedLoad.OPERATIONS) {
			int atLeast = switch (operation) {
				case "export", "token" -> 2;
				default -> 10;
			};
			assertThat(result.count(operation)).as(operation + "\n" + report).isGreaterThanOrEqualTo(atLeast);
		}
		assertThat(result.tokensIssued()).as("every renewal is a token request").isGreaterThan((int) result.count("token"));
		assertThat(result.leakCheckHeld(THREAD_SLACK)).as(report).isTrue();
		assertThat(report).contains("operation,count,errors,p50_ms,p95_ms,p99_ms,max_ms").contains("leak check");
	}

	/** A confidential backend client with a secret, as an administrator registers it. */
	private void registerClient(String clientId, String secret) throws Exception {
		String body = new ObjectMapper().writeValueAsString(Map.of(
				"client_id", clientId,
				"client_secret", secret,
				"grant_types", List.of("client_credentials"),
				"scope", MixedLoad.SCOPES));
		HttpResponse<String> created = send(anonymousRequest("http://localhost:" + port + "/auth/admin/clients")
				.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private void loadCohort() throws Exception {
		CohortGenerator generator = new CohortGenerator(2323);
		var parser = FhirContext.forR4Cached().newJsonParser();
		List<Supplier<String>> bundles = new ArrayList<>();
		for (int i = 0; i < PATIENTS; i++) {
			int index = i;
			bundles.add(() -> parser.encodeResourceToString(generator.bundle(index)));
		}
		LoadResult loaded = new BundleLoader(new FhirHttp(baseUrl(), fullAccessToken()), 4, null).load(bundles);
		assertThat(loaded.errorMessages()).isEmpty();
	}
}

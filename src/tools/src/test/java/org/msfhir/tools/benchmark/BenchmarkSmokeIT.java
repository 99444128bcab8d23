package org.msfhir.tools.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.load.FhirHttp;

/**
 * Smoke run of the benchmark harness on a handful of patients against the test server (one server,
 * so no validated/unvalidated comparison): every stage runs, nothing fails, the JSON report is complete.
 * Not a measurement: timings on a test server mean nothing.
 */
class BenchmarkSmokeIT extends PostgresIntegrationTest {

	@TempDir
	Path work;

	@Test
	void harnessRunsIngestAndEveryQueryWithoutErrors() throws Exception {
		String authorization = request("metadata").build().headers().firstValue("Authorization").orElse(null);
		FhirHttp http = new FhirHttp(baseUrl(), authorization == null ? null : authorization.replaceFirst("^Bearer ", ""));
		Path json = work.resolve("benchmark.json");
		BenchmarkRunner.Settings settings = new BenchmarkRunner.Settings(
				12, 6060, work.resolve("data"), List.of(1, 2), 2, 3, 2, 2, 1, false, json);
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		try (ServerProbe probe = new ServerProbe("http://localhost:" + port + "/actuator/prometheus", ProcessHandle.current().pid())) {
			new BenchmarkRunner(settings, List.of(new BenchmarkRunner.Target("test", true, http, probe)),
					new PrintStream(console, true)).run();
		}

		JsonNode report = new ObjectMapper().readTree(json.toFile());
		assertThat(report.path("ingest")).hasSize(2);
		int loaded = 0;
		for (JsonNode run : report.path("ingest")) {
			assertThat(run.path("errors").asInt()).as(console.toString()).isZero();
			assertThat(run.path("resourcesPerSecond").asDouble()).isPositive();
			loaded += run.path("patients").asInt();
		}
		// The warm-up slice is at most a tenth of the cohort (here 1 patient) and is not timed.
		assertThat(loaded).isEqualTo(12 - 1);
		assertThat(report.path("queries")).hasSize(10);
		for (JsonNode query : report.path("queries")) {
			assertThat(query.path("errors").asInt()).as(query.path("query").asText() + "\n" + console).isZero();
			assertThat(query.path("latencyMs").path("p95").asDouble()).isPositive();
		}
		// Every search finds something: the EDSS series and the cohort query return observations.
		assertThat(report.path("queries").get(0).path("meanResultEntries").asDouble()).isPositive();
		assertThat(report.path("queries").get(1).path("meanResultEntries").asDouble()).isPositive();
		// The whole-cohort Group analytics ran over every loaded patient without an error.
		assertThat(report.path("groupAnalytics").path("patients").asInt()).isEqualTo(12);
		assertThat(report.path("groupAnalytics").path("errors").asInt()).as(console.toString()).isZero();
		assertThat(report.path("cohortAnalytics").path("errors").asInt()).as(console.toString()).isZero();
		assertThat(report.path("cohortAnalytics").path("runs").asInt()).isEqualTo(2);
		assertThat(report.path("servers").get(0).path("cpuSecondsTotal").asDouble()).isPositive();
		assertThat(console.toString()).contains("== ingest").contains("== queries");
	}
}

package org.msfhir.tools.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code ms-fhir-server-*-exec.jar}) as a separate JVM on a given PostgreSQL, bound
 * to 127.0.0.1 in the open security mode (allowed on loopback only), so that it can be killed with
 * SIGKILL like a crashed process.
 */
final class ServerProcess {

	private final Path jar;
	private final String jdbcUrl;
	private final int port;
	private final Path log;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private Process process;

	ServerProcess(Path jar, String jdbcUrl, int port, Path log) {
		this.jar = jar;
		this.jdbcUrl = jdbcUrl;
		this.port = port;
		this.log = log;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port + "/fhir";
	}

	String readinessUrl() {
		return "http://127.0.0.1:" + port + "/actuator/health/readiness";
	}

	/** Starts the JVM and waits until readiness answers 200. */
	void start(Duration timeout) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-jar", jar.toString(),
				"--spring.profiles.active=postgres",
				"--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--server.address=127.0.0.1",
				"--server.port=" + port,
				"--msfhir.security.mode=open",
				"--msfhir.security.signing-key-file=" + log.resolveSibling("signing-key.json"),
				"--msfhir.bulk-export.directory=" + log.resolveSibling("bulk-export"),
				// Faster restarts; the harness checks storage, not validation.
				"--msfhir.validation.warm-up=false",
				"--msfhir.ig.warm-up=false",
				"--spring.main.banner-mode=off"));
		process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("server exited with " + process.exitValue() + " during start; see " + log);
			}
			if (readinessStatus() == 200) {
				return;
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("server not ready after " + timeout + "; see " + log);
	}

	/** The readiness probe's HTTP status, or -1 when the server does not answer. */
	int readinessStatus() {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(readinessUrl())).timeout(Duration.ofSeconds(3)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (IOException e) {
			return -1;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** SIGKILL: no shutdown hook, no graceful shutdown, as in a crash or an OOM kill. */
	void kill() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/** Normal stop (SIGTERM: graceful shutdown). */
	void stop() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}
}

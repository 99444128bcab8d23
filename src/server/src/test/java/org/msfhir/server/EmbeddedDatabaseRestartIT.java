package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.msfhir.MsFhirServerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start: the application with its default configuration (no profile, the embedded H2
 * file database), as {@code mvn spring-boot:run} starts it. Data written before a shutdown is
 * there after the next start, and the shutdown is graceful.
 *
 * <p>This is the one test outside the shared PostgreSQL context, and it costs two application
 * starts (~25 s each): it has to, because what it checks is a stop and a start of the whole
 * application on a file database, which the shared, cached PostgreSQL context cannot show.
 *
 * <p>It binds to 127.0.0.1 and asks for {@code msfhir.security.mode=open} (development mode, allowed
 * on loopback only, see {@code OpenModeGuard}), so it needs no token and talks plain HTTP rather than
 * through {@code PostgresIntegrationTest.request()}.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseRestartIT {

	@TempDir
	Path dataDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void dataSurvivesARestartOnTheSameDatabaseFile(CapturedOutput output) throws Exception {
		String location;
		try (ConfigurableApplicationContext app = start()) {
			HttpResponse<String> created = http.send(
					HttpRequest.newBuilder(URI.create(base(app) + "/Patient"))
							.header("Content-Type", "application/fhir+json")
							.POST(HttpRequest.BodyPublishers.ofString(
									"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Charcot\"}]}"))
							.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(201);
			location = created.headers().firstValue("Location").orElseThrow();
		}
		assertThat(output.getOut()).contains("Commencing graceful shutdown");
		assertThat(dataDir.resolve("msfhir.mv.db")).exists();

		try (ConfigurableApplicationContext app = start()) {
			String path = location.substring(location.indexOf("/Patient/")).replaceAll("/_history/.*", "");
			HttpResponse<String> read = http.send(
					HttpRequest.newBuilder(URI.create(base(app) + path)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(read.body()).contains("\"family\":\"Charcot\"");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(MsFhirServerApplication.class).run(
				"--server.port=0",
				"--server.address=127.0.0.1",
				"--msfhir.security.mode=open",
				"--MSFHIR_DATA_DIR=" + dataDir,
				"--spring.main.banner-mode=off",
				"--logging.level.root=WARN",
				"--logging.level.org.springframework.boot.web.embedded.tomcat.GracefulShutdown=INFO");
	}

	private static String base(ConfigurableApplicationContext app) throws IOException {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		return "http://127.0.0.1:" + port + "/fhir";
	}
}

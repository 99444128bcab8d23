package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * A real SMART app: a small Node server built on the {@code fhirclient} npm library (the reference
 * JavaScript SMART client) does the standalone launch against this server, with PKCE, and reads the
 * chosen patient with the token it got. The test plays the browser (sign-in, patient picker).
 * Skipped only when Node is not installed; the library is installed from npm on first run.
 */
class FhirClientAppIT extends OAuthTestSupport {

	private static final Path APP_SOURCE = Path.of("src/test/node/fhirclient-app");
	private static final Path APP_DIR = Path.of("target/fhirclient-app");

	@Test
	void fhirclientLibraryCompletesAStandaloneLaunchAndReadsThePatient() throws Exception {
		assumeTrue(nodeAvailable(), "Node.js is not installed");
		installApp();

		String clientId = unique("fhirclient");
		String scope = "launch/patient openid fhirUser offline_access patient/*.read";
		Process app = new ProcessBuilder("node", "app.cjs", clientId, scope)
				.directory(APP_DIR.toFile())
				.redirectErrorStream(true)
				.start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
			String line = out.readLine();
			assertThat(line).as("app start").startsWith("listening ");
			String appBase = "http://127.0.0.1:" + line.substring("listening ".length()).trim();

			assertThat(admin("clients", Map.of(
					"client_id", clientId,
					"redirect_uris", List.of(appBase + "/callback"),
					"scope", "launch/patient openid fhirUser offline_access patient/*.rs")).statusCode()).isEqualTo(201);
			String user = unique("nurse");
			admin("users", Map.of("username", user, "password", "pw-" + user, "fhirUser", "Practitioner/" + user));
			Patient patient = new Patient();
			patient.addName().setFamily("Lublin-" + user);
			String patientId = client().create().resource(patient).execute().getId().getIdPart();

			// The browser opens the app's launch URL and follows it to the authorization server.
			HttpResponse<String> launch = send(anonymousRequest(appBase + "/launch?iss=" + baseUrl()));
			assertThat(launch.statusCode()).as(launch.body()).isEqualTo(302);
			String authorizeUrl = launch.headers().firstValue("Location").orElseThrow();
			assertThat(authorizeUrl).startsWith(authUrl("authorize")).contains("code_challenge_method=S256");

			HttpResponse<String> loginPage = send(anonymousRequest(authorizeUrl));
			assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
			HttpResponse<String> picker = postForm(authUrl("login"), params("txn", txn(loginPage), "username", user, "password", "pw-" + user));
			HttpResponse<String> back = postForm(authUrl("patient"), params("txn", txn(picker), "patient", patientId));
			assertThat(back.statusCode()).isEqualTo(302);
			String callback = back.headers().firstValue("Location").orElseThrow();
			assertThat(callback).startsWith(appBase + "/callback?code=");

			// The app exchanges the code (PKCE) and reads the patient through fhirclient.
			HttpResponse<String> result = send(anonymousRequest(callback));
			assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
			JsonNode seen = json(result);
			assertThat(seen.path("patientId").asText()).isEqualTo(patientId);
			assertThat(seen.path("family").asText()).isEqualTo("Lublin-" + user);
			assertThat(seen.path("scope").asText()).isEqualTo(scope);
			assertThat(seen.path("hasRefreshToken").asBoolean()).isTrue();
			assertThat(seen.path("fhirUser").asText()).endsWith("Practitioner/" + user);
		} finally {
			app.destroy();
			app.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static boolean nodeAvailable() {
		try {
			Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void installApp() throws Exception {
		Files.createDirectories(APP_DIR);
		for (String file : List.of("package.json", "app.cjs")) {
			Files.copy(APP_SOURCE.resolve(file), APP_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		if (Files.isDirectory(APP_DIR.resolve("node_modules/fhirclient"))) {
			return;
		}
		Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
				.directory(APP_DIR.toFile())
				.redirectErrorStream(true)
				.redirectOutput(APP_DIR.resolve("npm-install.log").toFile())
				.start();
		assertThat(npm.waitFor(10, TimeUnit.MINUTES)).as("npm install finished").isTrue();
		assertThat(npm.exitValue()).as("npm install, see " + APP_DIR.resolve("npm-install.log")).isZero();
	}
}

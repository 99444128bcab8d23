package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * Defaults a browser and a forged request meet: HTML pages forbid framing, scripts and Referer
 * leaks; a Host header that is not one of the server's names cannot rewrite the discovery document;
 * search values stay out of the log.
 */
class SecurityDefaultsIT extends PostgresIntegrationTest {

	@Test
	void authorizationPagesCarryAContentSecurityPolicyNoRefererAndNoFraming() {
		HttpResponse<String> page = send(anonymousRequest("http://localhost:" + port + "/auth/authorize?client_id=nobody"));
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
		assertProtected(page);
		assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'").doesNotContain("script-src"));
	}

	@Test
	void otherPagesAndTheFhirEndpointCannotBeFramedEither() {
		assertProtected(send(anonymousRequest("http://localhost:" + port + "/no-such-page")));
		assertProtected(send(request("Patient?_count=1")));
	}

	@Test
	void aForgedHostCannotRewriteTheDiscoveryDocument() throws IOException {
		String forged = raw("/fhir/.well-known/smart-configuration", "attacker.example");
		assertThat(forged).startsWith("HTTP/1.1 400");
		assertThat(forged).doesNotContain("\"authorization_endpoint\"");

		String genuine = raw("/fhir/.well-known/smart-configuration", "localhost:" + port);
		assertThat(genuine).startsWith("HTTP/1.1 200");
		assertThat(genuine).contains("\"authorization_endpoint\":\"http://localhost:" + port + "/auth/authorize\"");
	}

	@Test
	void searchValuesDoNotReachTheLog() throws InterruptedException {
		// a list appender on the audit logger: console capture misses appenders started by an earlier test's context
		ch.qos.logback.classic.Logger audit =
				(ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.msfhir.audit");
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
				new ch.qos.logback.core.read.ListAppender<>();
		lines.start();
		audit.addAppender(lines);
		try {
			String value = "mrn-" + java.util.UUID.randomUUID();
			assertThat(send(request("Patient?identifier=" + value)).statusCode()).isEqualTo(200);
			String logged = "";
			for (int i = 0; i < 50 && !logged.contains("search-type Patient?identifier"); i++) {
				Thread.sleep(100); // the access decision is logged when the request completes
				logged = String.join("\n", lines.list.stream().map(e -> e.getFormattedMessage()).toList());
			}
			assertThat(logged).contains("search-type Patient?identifier").doesNotContain(value);
		} finally {
			audit.detachAppender(lines);
		}
	}

	private static void assertProtected(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	/** A GET with a Host header of our choosing (java.net.http does not let a caller set Host). */
	private String raw(String path, String host) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}

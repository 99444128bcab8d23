package org.msfhir.tools.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bundle answered with 5xx or 429 is sent again; a 4xx is final and reported. */
class BundleLoaderRetryTest {

	private static final BundleLoader.Retry FAST = new BundleLoader.Retry(4, Duration.ofMillis(10), Duration.ofMillis(50));
	private static final String OK = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[{\"response\":"
			+ "{\"status\":\"201 Created\",\"location\":\"Patient/7/_history/1\"}}]}";
	private static final String REFUSED = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
			+ "\"code\":\"invalid\",\"diagnostics\":\"Unknown element 'Patient.favouriteColour'\"}]}";

	private HttpServer server;
	private final AtomicInteger requests = new AtomicInteger();

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop(0);
		}
	}

	/** A server that fails the first {@code failures} requests with {@code status}, then answers 200. */
	private FhirHttp serverFailingFirst(int failures, int status) throws Exception {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/fhir", exchange -> {
			exchange.getRequestBody().readAllBytes();
			boolean fail = requests.incrementAndGet() <= failures;
			byte[] body = (fail ? REFUSED : OK).getBytes(StandardCharsets.UTF_8);
			if (fail && status == 429) {
				exchange.getResponseHeaders().add("Retry-After", "0");
			}
			exchange.sendResponseHeaders(fail ? status : 200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return new FhirHttp("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir", (String) null);
	}

	@Test
	void serverErrorsAndTooManyRequestsAreRetried() throws Exception {
		for (int status : new int[] {503, 429, 500}) {
			FhirHttp http = serverFailingFirst(2, status);
			requests.set(0);
			BundleLoader loader = new BundleLoader(http, 1, null, FAST);
			LoadResult result = loader.load(List.of(() -> "{}"));
			assertThat(result.errorMessages()).as("status " + status).isEmpty();
			assertThat(result.patientIds()).containsExactly("7");
			assertThat(loader.retries()).isEqualTo(2);
			server.stop(0);
			server = null;
		}
	}

	@Test
	void aServerThatKeepsFailingIsReportedAfterTheLastAttempt() throws Exception {
		BundleLoader loader = new BundleLoader(serverFailingFirst(100, 503), 1, null, FAST);
		LoadResult result = loader.load(List.of(new CohortFolder.NamedBundle("p1.json", () -> "{}")));
		assertThat(result.errorMessages()).containsExactly("p1.json: HTTP 503 Unknown element 'Patient.favouriteColour'");
		assertThat(requests.get()).isEqualTo(FAST.attempts());
	}

	@Test
	void aRefusedBundleIsNotRetriedAndTheRestLoad() throws Exception {
		BundleLoader loader = new BundleLoader(serverFailingFirst(1, 400), 1, null, FAST);
		List<Supplier<String>> bundles = List.of(new CohortFolder.NamedBundle("bad.json", () -> "{}"),
				new CohortFolder.NamedBundle("good.json", () -> "{}"));
		LoadResult result = loader.load(bundles);
		assertThat(result.errorMessages()).containsExactly("bad.json: HTTP 400 Unknown element 'Patient.favouriteColour'");
		assertThat(result.patientIds()).containsExactly("7");
		assertThat(loader.retries()).isZero();
	}

	@Test
	void connectionFailuresAreRetriedThenReported() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort(); // closed below: connections to it are refused
		}
		BundleLoader loader = new BundleLoader(new FhirHttp("http://127.0.0.1:" + port + "/fhir", (String) null), 1, null, FAST);
		LoadResult result = loader.load(List.of(() -> "{}"));
		assertThat(result.errors()).isEqualTo(1);
		assertThat(result.errorMessages().get(0)).startsWith("bundle 0: no answer after 4 attempts");
		assertThat(loader.retries()).isEqualTo(3);
	}
}

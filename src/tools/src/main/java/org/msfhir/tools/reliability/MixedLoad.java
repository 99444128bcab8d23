package org.msfhir.tools.reliability;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.msfhir.tools.auth.ClientCredentialsTokens;
import org.msfhir.tools.auth.ToolCredentials;
import org.msfhir.tools.benchmark.LatencyStats;
import org.msfhir.tools.benchmark.ServerProbe;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * Sustained mixed load on a running server: transaction-bundle writes, reads, searches, {@code $lastn},
 * bulk exports and SMART token renewals at the same time, for a given duration. Reports errors and
 * latencies per operation, the server's heap, resident memory, threads and database connections every
 * ten seconds, and threads, connections and heap before and after (the leak check).
 *
 * <p>It authenticates as a SMART backend client with the client-credentials grant and a client secret
 * from the environment variable {@code MSFHIR_LOAD_CLIENT_SECRET}, never the command line. The client
 * needs {@code system/*.cruds} (FHIR API and {@code $export}) and {@code msfhir/metrics}
 * ({@code /actuator/prometheus}). Every token renewal is a real token request. Any answer other than
 * 2xx is an error; nothing is retried, except export status polls answered with 429, which wait as told.
 * Command: {@code src/tools/scripts/mixed-load.sh}, docs/reliability.md.
 */
public final class MixedLoad {

	/** The scopes the load asks for. */
	public static final String SCOPES = "system/*.cruds msfhir/metrics";

	/**
	 * What to run.
	 *
	 * @param patientSample how many existing patient ids reads, searches and {@code $lastn} pick from
	 * @param settle after the load, how long to wait at most for threads and connections to return to
	 *     their level before it (checked every two seconds)
	 */
	public record Options(String baseUrl, String clientId, String clientSecret, Duration duration, Long serverPid,
			int writers, int readers, int searchers, Duration tokenRenewal, int patientSample, Duration settle,
			PrintStream out) {}

	/** Count, errors and latencies (ms) of one kind of operation. */
	public record OperationStats(long count, long errors, double p50, double p95, double p99, double max) {}

	/** The server's state at one moment; NaN where unknown (resident memory needs the server's pid). */
	public record Snapshot(double threads, double dbConnectionsActive, double heapBytes, double residentBytes) {}

	/** What a run measured. */
	public record Result(Map<String, OperationStats> operations, Snapshot before, Snapshot after, Duration settled,
			int bundlesWritten, int tokensIssued, List<String> errorSamples) {

		public long errors() {
			return operations.values().stream().mapToLong(OperationStats::errors).sum();
		}

		/**
		 * Whether threads and active database connections were back at their level before the load (threads
		 * up to {@code threadSlack} more).
		 */
		public boolean leakCheckHeld(int threadSlack) {
			return after.threads() <= before.threads() + threadSlack
					&& after.dbConnectionsActive() <= before.dbConnectionsActive();
		}

		/** Count of an operation kind (0 when it never ran). */
		public long count(String operation) {
			OperationStats stats = operations.get(operation);
			return stats == null ? 0 : stats.count();
		}
	}

	/** The operation kinds, as named in the report. */
	public static final List<String> OPERATIONS = List.of("write-bundle", "read-patient", "search-observation",
			"search-condition", "lastn", "export", "token");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Options options;
	private final ExecutorService httpThreads = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "mixed-load-http");
		thread.setDaemon(true);
		return thread;
	});
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).executor(httpThreads).build();
	private final ClientCredentialsTokens tokens;
	private final Map<String, ConcurrentLinkedQueue<Double>> latencies = new ConcurrentHashMap<>();
	private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
	private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean running = new AtomicBoolean(true);
	private final AtomicInteger written = new AtomicInteger();
	private final List<String> patients = new ArrayList<>();
	private final Random random = new Random(23);
	private final CohortGenerator generator = new CohortGenerator(42);

	public MixedLoad(Options options) {
		this.options = options;
		this.tokens = new ClientCredentialsTokens(URI.create(ToolCredentials.discoverTokenEndpoint(options.baseUrl())),
				options.clientId(), SCOPES, ClientCredentialsTokens.ClientAuthentication.secret(options.clientSecret()),
				Clock.systemUTC());
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			a.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
		}
		String secret = System.getenv("MSFHIR_LOAD_CLIENT_SECRET");
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("set MSFHIR_LOAD_CLIENT_SECRET to the client's secret");
		}
		Options options = new Options(
				a.getOrDefault("base-url", "http://localhost:8080/fhir"),
				a.getOrDefault("client-id", "load-test"),
				secret,
				Duration.parse(a.getOrDefault("duration", "PT10M")),
				a.containsKey("server-pid") ? Long.valueOf(a.get("server-pid")) : null,
				Integer.parseInt(a.getOrDefault("writers", "2")),
				Integer.parseInt(a.getOrDefault("readers", "2")),
				Integer.parseInt(a.getOrDefault("searchers", "2")),
				Duration.parse(a.getOrDefault("token-renewal", "PT30S")),
				Integer.parseInt(a.getOrDefault("patient-sample", "1000")),
				Duration.parse(a.getOrDefault("settle", "PT90S")),
				System.out);
		Result result = new MixedLoad(options).run();
		System.exit(result.errors() == 0 && result.leakCheckHeld(0) ? 0 : 1);
	}

	/** Runs the load and prints the report to {@code options.out()}. */
	public Result run() throws Exception {
		PrintStream out = options.out();
		String base = options.baseUrl().replaceAll("/fhir/?$", "");
		try (ServerProbe probe = new ServerProbe(base + "/actuator/prometheus", options.serverPid(), tokens)) {
			findPatients();
			warmUp();
			Snapshot before = snapshot(probe);
			if (Double.isNaN(before.threads())) {
				throw new IllegalStateException("no metrics from " + base + "/actuator/prometheus (does the client have"
						+ " the scope msfhir/metrics?)");
			}
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < options.writers(); i++) {
				threads.add(worker("write-" + i, this::write));
			}
			for (int i = 0; i < options.readers(); i++) {
				threads.add(worker("read-" + i, this::read));
			}
			for (int i = 0; i < options.searchers(); i++) {
				threads.add(worker("search-" + i, this::search));
				threads.add(worker("lastn-" + i, this::lastN));
			}
			threads.add(worker("export", this::export));
			threads.add(worker("token", this::renewToken));
			out.printf("mixed load on %s for %s: %d patients sampled, %d writers, %d readers, %d searchers,"
							+ " %d $lastn, 1 export at a time, token renewal every %s%n", options.baseUrl(), options.duration(),
					patients.size(), options.writers(), options.readers(), options.searchers(), options.searchers(),
					options.tokenRenewal());
			out.println("time_s,heap_mb,rss_mb,threads,db_connections_active,requests_done,errors");
			threads.forEach(Thread::start);
			long start = System.nanoTime();
			long end = start + options.duration().toNanos();
			while (System.nanoTime() < end) {
				sleep(Duration.ofNanos(Math.min(Duration.ofSeconds(10).toNanos(), end - System.nanoTime())));
				Snapshot now = snapshot(probe);
				out.printf("%d,%.0f,%.0f,%.0f,%.0f,%d,%d%n", Math.round((System.nanoTime() - start) / 1e9),
						now.heapBytes() / 1e6, now.residentBytes() / 1e6, now.threads(), now.dbConnectionsActive(),
						latencies.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum(),
						errors.values().stream().mapToLong(AtomicLong::get).sum());
			}
			running.set(false);
			for (Thread thread : threads) {
				thread.join(Duration.ofMinutes(6).toMillis());
			}
			httpThreads.shutdown();
			long idle = System.nanoTime();
			Snapshot after = snapshot(probe);
			while (System.nanoTime() - idle < options.settle().toNanos()
					&& !(after.threads() <= before.threads() && after.dbConnectionsActive() <= before.dbConnectionsActive())) {
				sleep(Duration.ofSeconds(2));
				after = snapshot(probe);
			}
			Result result = new Result(stats(), before, after, Duration.ofNanos(System.nanoTime() - idle), written.get(),
					tokens.tokensIssued(), List.copyOf(errorSamples));
			print(result, out);
			return result;
		} finally {
			running.set(false);
			httpThreads.shutdownNow();
		}
	}

	private static void print(Result result, PrintStream out) {
		out.println();
		out.println("operation,count,errors,p50_ms,p95_ms,p99_ms,max_ms");
		result.operations().forEach((operation, s) -> out.printf("%s,%d,%d,%.1f,%.1f,%.1f,%.1f%n", operation, s.count(),
				s.errors(), s.p50(), s.p95(), s.p99(), s.max()));
		Snapshot b = result.before();
		Snapshot a = result.after();
		out.printf("%nleak check (%.0f s after the load): threads %.0f -> %.0f, db connections active %.0f -> %.0f,"
						+ " heap %.0f MB -> %.0f MB, resident %.0f MB -> %.0f MB: threads and connections %s;"
						+ " bundles written %d, tokens issued %d; errors %d%n",
				result.settled().toMillis() / 1e3, b.threads(), a.threads(), b.dbConnectionsActive(), a.dbConnectionsActive(),
				b.heapBytes() / 1e6, a.heapBytes() / 1e6, b.residentBytes() / 1e6, a.residentBytes() / 1e6,
				result.leakCheckHeld(0) ? "back" : "NOT back", result.bundlesWritten(), result.tokensIssued(), result.errors());
		result.errorSamples().forEach(sample -> out.println("error: " + sample));
	}

	private Map<String, OperationStats> stats() {
		Map<String, OperationStats> stats = new TreeMap<>();
		for (String operation : latencies.keySet()) {
			LatencyStats l = LatencyStats.of(latencies.get(operation).stream().mapToDouble(Double::doubleValue).toArray());
			stats.put(operation, new OperationStats(l.count(), errors.getOrDefault(operation, new AtomicLong()).get(), l.p50(),
					l.p95(), l.p99(), l.max()));
		}
		return stats;
	}

	private Snapshot snapshot(ServerProbe probe) {
		return new Snapshot(probe.metric("jvm_threads_live_threads", null), probe.metric("hikaricp_connections_active", null),
				probe.heapBytes(), residentBytes());
	}

	private interface Operation {
		int call() throws Exception;
	}

	private Thread worker(String name, Runnable body) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				body.run();
			}
		}, "mixed-load-" + name);
		thread.setDaemon(true);
		return thread;
	}

	private void timed(String operation, Operation call) {
		long start = System.nanoTime();
		int status;
		try {
			status = call.call();
		} catch (Exception e) {
			status = -1;
			sample(operation + ": " + e);
		}
		double millis = (System.nanoTime() - start) / 1e6;
		latencies.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).add(millis);
		if (status < 200 || status >= 300) {
			errors.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
		}
	}

	private void write() {
		// Fresh synthetic patients, numbered far above any loaded cohort.
		int index = 5_000_000 + written.incrementAndGet();
		String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(generator.bundle(index));
		timed("write-bundle", () -> status("write-bundle", send(request("").header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofString(bundle)))));
	}

	private void read() {
		timed("read-patient", () -> status("read-patient", get("Patient/" + randomPatient())));
	}

	private void search() {
		String patient = randomPatient();
		timed("search-observation", () -> status("search-observation",
				get("Observation?subject=Patient/" + patient + "&_count=50")));
		timed("search-condition", () -> status("search-condition", get("Condition?patient=" + patient)));
	}

	private void lastN() {
		timed("lastn", () -> status("lastn", get("Observation/$lastn?patient=Patient/" + randomPatient() + "&max=3")));
	}

	private void renewToken() {
		pause(options.tokenRenewal());
		if (running.get()) {
			timed("token", () -> {
				tokens.renewNow();
				return 200;
			});
		}
	}

	/**
	 * One export at a time, as a client runs it: kick-off, status polls (waiting as long as
	 * {@code Retry-After} says), download of every file of the manifest, deletion of the job. The
	 * latency is the whole export.
	 */
	private void export() {
		timed("export", () -> {
			HttpResponse<String> response = check("export kick-off", send(request("Patient/$export?_type=Patient,Condition")
					.header("Prefer", "respond-async").GET()));
			if (response.statusCode() != 202) {
				return response.statusCode();
			}
			String status = response.headers().firstValue("Content-Location").orElseThrow();
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			do {
				sleep(Duration.ofSeconds(response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L)));
				response = send(request(status).GET());
			} while ((response.statusCode() == 202 || response.statusCode() == 429) && System.nanoTime() < deadline);
			if (check("export status", response).statusCode() != 200) {
				return response.statusCode();
			}
			for (JsonNode file : JSON.readTree(response.body()).path("output")) {
				HttpResponse<String> download = check("export download", send(request(file.path("url").asText())
						.header("Accept", "application/fhir+ndjson").GET()));
				if (download.statusCode() != 200) {
					return download.statusCode();
				}
			}
			return check("export delete", send(request(status).DELETE())).statusCode();
		});
		pause(Duration.ofSeconds(5));
	}

	private int status(String what, HttpResponse<String> response) {
		return check(what, response).statusCode();
	}

	/** Keeps a sample of the first failures, with the server's answer. */
	private HttpResponse<String> check(String what, HttpResponse<String> response) {
		if (response.statusCode() < 200 || response.statusCode() >= 300) {
			String body = response.body() == null ? "" : response.body().replaceAll("\\s+", " ");
			sample(what + ": HTTP " + response.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
		}
		return response;
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	private HttpRequest.Builder request(String path) {
		String url = path.startsWith("http") ? path : options.baseUrl() + (path.isEmpty() ? "" : "/" + path);
		return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
				.header("Accept", "application/fhir+json").header("Cache-Control", "no-cache")
				.header("Authorization", "Bearer " + tokens.token());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Up to {@code patientSample} patient ids from the server; on an empty server, a few written first. */
	private void findPatients() throws IOException, InterruptedException {
		if (readPatientIds() == 0) {
			for (int i = 0; i < 20; i++) {
				write();
			}
			readPatientIds();
		}
		if (patients.isEmpty()) {
			throw new IllegalStateException("no patients on the server and none could be written: " + errorSamples);
		}
	}

	private int readPatientIds() throws IOException, InterruptedException {
		String next = "Patient?_count=" + Math.min(500, options.patientSample()) + "&_elements=id";
		while (next != null && patients.size() < options.patientSample()) {
			HttpResponse<String> page = get(next);
			if (page.statusCode() != 200) {
				throw new IllegalStateException("Patient search answered " + page.statusCode() + ": " + page.body());
			}
			JsonNode bundle = JSON.readTree(page.body());
			for (JsonNode entry : bundle.path("entry")) {
				if (patients.size() < options.patientSample()) {
					patients.add(entry.path("resource").path("id").asText());
				}
			}
			next = null;
			for (JsonNode link : bundle.path("link")) {
				if (link.path("relation").asText().equals("next")) {
					next = link.path("url").asText();
				}
			}
		}
		return patients.size();
	}

	/**
	 * One operation of each kind before the "before" figures, so that pools the server starts on first
	 * use (export workers, search threads, connections) count as the baseline, not as growth.
	 */
	private void warmUp() {
		write();
		read();
		search();
		lastN();
		export();
		if (!errors.isEmpty()) {
			throw new IllegalStateException("the warm-up failed: " + errorSamples);
		}
		latencies.clear();
	}

	private synchronized String randomPatient() {
		return patients.get(random.nextInt(patients.size()));
	}

	private double residentBytes() {
		if (options.serverPid() == null) {
			return Double.NaN;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", options.serverPid().toString(), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		} catch (IOException | RuntimeException e) {
			return Double.NaN;
		}
		return Double.NaN;
	}

	private void sample(String text) {
		if (errorSamples.size() < 20) {
			errorSamples.add(text);
		}
	}

	/** Sleeps, but returns soon after the load has been told to stop. */
	private void pause(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (running.get() && System.nanoTime() < end) {
			sleep(Duration.ofMillis(Math.min(200, (end - System.nanoTime()) / 1_000_000)));
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(Math.max(0, duration.toMillis()));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}

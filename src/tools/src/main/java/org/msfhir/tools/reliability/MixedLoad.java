package org.msfhir.tools.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.msfhir.tools.benchmark.LatencyStats;
import org.msfhir.tools.benchmark.ServerProbe;
import org.msfhir.tools.synthetic.CohortGenerator;
import ca.uhn.fhir.context.FhirContext;

/**
 * Sustained mixed load on a running server: transaction-bundle writes, reads, searches, {@code $lastn},
 * bulk exports and SMART token renewals at the same time, for a given duration. Reports errors and
 * latencies per operation, the server's heap, resident memory, threads and database connections every
 * ten seconds, and threads, connections and heap before and after (the leak check).
 *
 * <p>It authenticates as a SMART backend client with the client-credentials grant; the secret comes
 * from the environment variable {@code MSFHIR_LOAD_CLIENT_SECRET}, never the command line. The client
 * needs the scopes {@code system/*.cruds msfhir/metrics}. Command: docs/reliability.md.
 */
public final class MixedLoad {

	/** What to run. */
	public record Options(String baseUrl, String clientId, String clientSecret, Duration duration, Long serverPid,
			int writers, int readers, int searchers, Duration tokenRenewal, PrintStream out) {}

	private static final Pattern ID = Pattern.compile("\"resourceType\"\\s*:\\s*\"Patient\"\\s*,\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final Options options;
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();
	private final AtomicReference<String> token = new AtomicReference<>();
	private final Map<String, ConcurrentLinkedQueue<Double>> latencies = new ConcurrentHashMap<>();
	private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
	private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean running = new AtomicBoolean(true);
	private final AtomicInteger written = new AtomicInteger();
	private final List<String> patients = new ArrayList<>();

	public MixedLoad(Options options) {
		this.options = options;
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
				System.out);
		boolean clean = new MixedLoad(options).run();
		System.exit(clean ? 0 : 1);
	}

	/** Runs the load; true when no operation failed. */
	public boolean run() throws Exception {
		renewToken();
		findPatients();
		String base = options.baseUrl().replaceAll("/fhir/?$", "");
		try (ServerProbe probe = new ServerProbe(base + "/actuator/prometheus", options.serverPid(), token::get)) {
			double threadsBefore = probe.metric("jvm_threads_live_threads", null);
			double connectionsBefore = probe.metric("hikaricp_connections_active", null);
			double heapBefore = probe.heapBytes();
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
			threads.add(worker("token", () -> {
				sleep(options.tokenRenewal());
				timed("token", () -> {
					renewToken();
					return 200;
				});
			}));
			threads.forEach(Thread::start);
			options.out().println("time_s,heap_mb,rss_mb,threads,db_connections_active,requests_done");
			long start = System.nanoTime();
			long end = start + options.duration().toNanos();
			while (System.nanoTime() < end) {
				sleep(Duration.ofSeconds(10));
				options.out().printf("%d,%.0f,%.0f,%.0f,%.0f,%d%n", (System.nanoTime() - start) / 1_000_000_000L,
						probe.heapBytes() / 1e6, residentBytes() / 1e6, probe.metric("jvm_threads_live_threads", null),
						probe.metric("hikaricp_connections_active", null),
						latencies.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum());
			}
			running.set(false);
			for (Thread thread : threads) {
				thread.join(Duration.ofMinutes(2).toMillis());
			}
			sleep(Duration.ofSeconds(15)); // let pools and request threads go idle
			options.out().println();
			options.out().println("operation,count,errors,p50_ms,p95_ms,p99_ms,max_ms");
			long totalErrors = 0;
			for (String operation : new java.util.TreeSet<>(latencies.keySet())) {
				double[] values = latencies.get(operation).stream().mapToDouble(Double::doubleValue).toArray();
				LatencyStats stats = LatencyStats.of(values);
				long failed = errors.getOrDefault(operation, new AtomicLong()).get();
				totalErrors += failed;
				options.out().printf("%s,%d,%d,%.1f,%.1f,%.1f,%.1f%n", operation, stats.count(), failed, stats.p50(),
						stats.p95(), stats.p99(), stats.max());
			}
			options.out().printf("%nleak check: threads %.0f -> %.0f, db connections active %.0f -> %.0f,"
							+ " heap %.0f MB -> %.0f MB, resident %.0f MB; bundles written %d; errors %d%n",
					threadsBefore, probe.metric("jvm_threads_live_threads", null), connectionsBefore,
					probe.metric("hikaricp_connections_active", null), heapBefore / 1e6, probe.heapBytes() / 1e6,
					residentBytes() / 1e6, written.get(), totalErrors);
			errorSamples.forEach(sample -> options.out().println("error: " + sample));
			return totalErrors == 0;
		}
	}

	private interface Operation {
		int call() throws Exception;
	}

	private Thread worker(String name, Runnable body) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				body.run();
			}
		}, name);
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
			if (status > 0) {
				sample(operation + ": HTTP " + status);
			}
		}
	}

	private void write() {
		// Fresh synthetic patients, numbered far above any loaded cohort.
		int index = 5_000_000 + written.incrementAndGet();
		String bundle = FhirContext.forR4Cached().newJsonParser()
				.encodeResourceToString(new CohortGenerator(42).bundle(index));
		timed("write-bundle", () -> send(request("").header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofString(bundle))).statusCode());
	}

	private void read() {
		timed("read-patient", () -> get("Patient/" + randomPatient()).statusCode());
	}

	private void search() {
		String patient = randomPatient();
		timed("search-observation", () -> get("Observation?subject=Patient/" + patient + "&_count=50").statusCode());
		timed("search-condition", () -> get("Condition?patient=" + patient).statusCode());
	}

	private void lastN() {
		timed("lastn", () -> get("Observation/$lastn?patient=" + randomPatient() + "&max=3").statusCode());
	}

	/** One export at a time: kick-off, polling, manifest; the latency is the whole export. */
	private void export() {
		timed("export", () -> {
			HttpResponse<String> kickOff = send(request("Patient/$export?_type=Patient,Condition")
					.header("Prefer", "respond-async").GET());
			if (kickOff.statusCode() != 202) {
				return kickOff.statusCode();
			}
			String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (System.nanoTime() < deadline) {
				sleep(Duration.ofSeconds(1));
				HttpResponse<String> poll = send(request(status).GET());
				if (poll.statusCode() != 202) {
					return poll.statusCode();
				}
			}
			sample("export: not complete after 5 minutes");
			return -1;
		});
		sleep(Duration.ofSeconds(5));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	private HttpRequest.Builder request(String path) {
		String url = path.startsWith("http") ? path : options.baseUrl() + (path.isEmpty() ? "" : "/" + path);
		return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
				.header("Accept", "application/fhir+json").header("Cache-Control", "no-cache")
				.header("Authorization", "Bearer " + token.get());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void renewToken() throws IOException, InterruptedException {
		String auth = options.baseUrl().replaceAll("/fhir/?$", "") + "/auth/token";
		String form = "grant_type=client_credentials&scope="
				+ URLEncoder.encode("system/*.cruds msfhir/metrics", StandardCharsets.UTF_8);
		String basic = Base64.getEncoder().encodeToString(
				(options.clientId() + ":" + options.clientSecret()).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(auth))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", "Basic " + basic)
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
		Matcher matcher = ACCESS_TOKEN.matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
		}
		token.set(matcher.group(1));
	}

	private void findPatients() throws IOException, InterruptedException {
		if (readPatientIds() == 0) {
			// An empty server (a smoke run): a few patients first, so reads and searches find something.
			for (int i = 0; i < 20; i++) {
				write();
			}
			readPatientIds();
		}
		if (patients.isEmpty()) {
			throw new IllegalStateException("no patients on the server and none could be written: " + errorSamples);
		}
		latencies.clear();
		errors.clear();
	}

	private int readPatientIds() throws IOException, InterruptedException {
		HttpResponse<String> page = get("Patient?_count=500&_elements=id");
		Matcher matcher = ID.matcher(page.body());
		while (matcher.find()) {
			patients.add(matcher.group(1));
		}
		return patients.size();
	}

	private final Random random = new Random(23);

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

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}

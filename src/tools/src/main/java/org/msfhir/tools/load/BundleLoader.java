package org.msfhir.tools.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Posts transaction bundles to a FHIR server with a fixed number of concurrent requests and reports
 * progress (patients/s, resources/s, ETA, errors). A bundle the server refuses (4xx) is reported with
 * its file, the status and the OperationOutcome's first line; a 5xx, 429 or connection failure is
 * retried with backoff ({@link Retry}). Either way the other bundles go on loading. The progress line
 * is rewritten in place (carriage return) only on a terminal; otherwise plain lines are printed.
 */
public final class BundleLoader {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final FhirHttp http;
	private final int concurrency;
	private final PrintStream progressOut;
	private final Retry retry;
	private final AtomicInteger retries = new AtomicInteger();

	/** @param progressOut where the progress line goes, or null for none */
	public BundleLoader(FhirHttp http, int concurrency, PrintStream progressOut) {
		this(http, concurrency, progressOut, Retry.DEFAULT);
	}

	public BundleLoader(FhirHttp http, int concurrency, PrintStream progressOut, Retry retry) {
		this.http = http;
		this.concurrency = concurrency;
		this.progressOut = progressOut;
		this.retry = retry;
	}

	public LoadResult load(List<Supplier<String>> bundles) throws InterruptedException {
		int total = bundles.size();
		AtomicInteger next = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		AtomicLong resources = new AtomicLong();
		double[] latencies = new double[total];
		String[] patientIds = new String[total];
		List<String> errorMessages = Collections.synchronizedList(new ArrayList<>());
		long start = System.nanoTime();

		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		Thread reporter = progressOut == null ? null : new Thread(() -> report(total, done, errors, resources, start), "load-progress");
		if (reporter != null) {
			reporter.setDaemon(true);
			reporter.start();
		}
		List<Future<?>> workers = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			workers.add(pool.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < total) {
					long t0 = System.nanoTime();
					String name = nameOf(bundles.get(i), i);
					try {
						HttpResponse<String> response = postWithRetries(bundles.get(i).get(), name);
						latencies[i] = (System.nanoTime() - t0) / 1e6;
						if (response.statusCode() / 100 == 2) {
							JsonNode entries = JSON.readTree(response.body()).path("entry");
							resources.addAndGet(entries.size());
							patientIds[i] = idOf(entries.path(0).path("response").path("location").asText(""));
						} else {
							errors.incrementAndGet();
							errorMessages.add(name + ": HTTP " + response.statusCode() + " " + firstIssue(response.body()));
						}
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
						return;
					} catch (Exception e) {
						latencies[i] = (System.nanoTime() - t0) / 1e6;
						errors.incrementAndGet();
						errorMessages.add(name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
					}
					done.incrementAndGet();
				}
			}));
		}
		for (Future<?> worker : workers) {
			try {
				worker.get();
			} catch (java.util.concurrent.ExecutionException e) {
				throw new IllegalStateException(e.getCause());
			}
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.MINUTES);
		double seconds = (System.nanoTime() - start) / 1e9;
		if (reporter != null) {
			reporter.interrupt();
			reporter.join(1000);
			progressOut.println(line(total, done.get(), errors.get(), resources.get(), seconds) + "  done");
		}
		List<String> ids = new ArrayList<>();
		for (String id : patientIds) {
			if (id != null && !id.isEmpty()) ids.add(id);
		}
		return new LoadResult(total, resources.get(), errors.get(), seconds, latencies, List.copyOf(errorMessages), ids);
	}

	/**
	 * Posts a bundle; a 5xx, 429 or connection failure is retried with growing pauses (or the server's
	 * Retry-After), a 4xx is final. Returns the last response, or throws the last connection error.
	 */
	private HttpResponse<String> postWithRetries(String body, String name) throws IOException, InterruptedException {
		for (int attempt = 1; ; attempt++) {
			HttpResponse<String> response;
			try {
				response = http.postMinimal(body);
			} catch (IOException e) {
				if (attempt >= retry.attempts()) {
					throw new IOException("no answer after " + attempt + " attempts: " + e, e);
				}
				pause(name, attempt, "connection failed (" + e.getClass().getSimpleName() + ")", null);
				continue;
			}
			int status = response.statusCode();
			if ((status < 500 && status != 429) || attempt >= retry.attempts()) {
				return response;
			}
			pause(name, attempt, "HTTP " + status, response.headers().firstValue("Retry-After").orElse(null));
		}
	}

	private void pause(String name, int attempt, String why, String retryAfter) throws InterruptedException {
		retries.incrementAndGet();
		Duration wait = retry.pause(attempt, retryAfter);
		if (progressOut != null) {
			progressOut.println((progressOut == System.out && System.console() != null ? "\n" : "")
					+ "[load] " + name + ": " + why + ", retry " + attempt + " in " + wait.toMillis() + " ms");
		}
		Thread.sleep(wait.toMillis());
	}

	/** How often and how long to wait before sending a bundle again. */
	public record Retry(int attempts, Duration firstPause, Duration maxPause) {

		public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(500), Duration.ofSeconds(30));

		Duration pause(int attempt, String retryAfter) {
			if (retryAfter != null && retryAfter.strip().matches("\\d{1,5}")) {
				return Duration.ofSeconds(Math.min(Long.parseLong(retryAfter.strip()), maxPause.toSeconds()));
			}
			long millis = firstPause.toMillis() << Math.min(attempt - 1, 20);
			return Duration.ofMillis(Math.min(millis, maxPause.toMillis()));
		}
	}

	/** Bundles sent again after a 5xx, 429 or connection failure, so far. */
	public int retries() {
		return retries.get();
	}

	private static String nameOf(Supplier<String> bundle, int index) {
		return bundle instanceof CohortFolder.NamedBundle named ? named.name() : "bundle " + index;
	}

	private void report(int total, AtomicInteger done, AtomicInteger errors, AtomicLong resources, long start) {
		// Carriage returns only on a terminal: in a log file or pipe they would garble the output.
		boolean console = progressOut == System.out && System.console() != null;
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(console ? 1000 : 5000);
				String line = line(total, done.get(), errors.get(), resources.get(), (System.nanoTime() - start) / 1e9);
				if (console) {
					progressOut.print("\r" + line + "   ");
				} else {
					progressOut.println(line);
				}
				progressOut.flush();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (console) {
			progressOut.print("\r");
		}
	}

	static String line(int total, int done, int errors, long resources, double seconds) {
		double patientsPerSecond = done / Math.max(seconds, 1e-9);
		double eta = patientsPerSecond > 0 ? (total - done) / patientsPerSecond : 0;
		return String.format("[load] %d/%d patients | %.1f patients/s | %.0f resources/s | ETA %s | errors %d",
				done, total, patientsPerSecond, resources / Math.max(seconds, 1e-9), duration(eta), errors);
	}

	static String duration(double seconds) {
		long s = Math.round(seconds);
		return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
				: s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
	}

	private static String idOf(String location) {
		// "Patient/123/_history/1" -> "123"
		String[] parts = location.split("/");
		return parts.length >= 2 && "Patient".equals(parts[0]) ? parts[1] : null;
	}

	private static String firstIssue(String body) {
		try {
			JsonNode issue = JSON.readTree(body).path("issue").path(0);
			String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
			String where = issue.path("expression").path(0).asText(issue.path("location").path(0).asText(""));
			return (text + (where.isEmpty() ? "" : " @ " + where)).lines().findFirst().orElse("");
		} catch (Exception e) {
			return body.length() > 200 ? body.substring(0, 200) : body;
		}
	}
}

package org.msfhir.tools.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Threads that post transaction bundles as fast as the server takes them. Every bundle holds one
 * synthetic patient and {@value #OBSERVATIONS} observations, all tagged with the bundle's own code
 * ({@value #TAG_SYSTEM}), so a search by tag finds how much of a bundle is stored. Each answer is
 * recorded: 200 (acknowledged), 503 (with or without Retry-After and OperationOutcome), 500, other
 * statuses, and connection failures.
 */
final class IngestLoad {

	static final String TAG_SYSTEM = "urn:msfhir:reliability:bundle";
	static final int OBSERVATIONS = 4;

	/** What happened to one bundle. */
	enum Outcome { ACKNOWLEDGED, REFUSED_503, FAILED_500, OTHER_STATUS, NO_ANSWER }

	private final Supplier<String> baseUrl;
	private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	private final Map<String, Outcome> bundles = new ConcurrentHashMap<>();
	private final AtomicLong proper503 = new AtomicLong();
	private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean running = new AtomicBoolean();
	private final List<Thread> threads = new ArrayList<>();

	IngestLoad(Supplier<String> baseUrl) {
		this.baseUrl = baseUrl;
	}

	void start(int threadCount) {
		running.set(true);
		for (int i = 0; i < threadCount; i++) {
			Thread thread = new Thread(this::loop, "ingest-" + i);
			thread.start();
			threads.add(thread);
		}
	}

	void stop() throws InterruptedException {
		running.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		threads.clear();
	}

	Map<String, Outcome> bundles() {
		return bundles;
	}

	/** 503 answers that carried Retry-After and an OperationOutcome. */
	long proper503() {
		return proper503.get();
	}

	/** Descriptions of 500s and 503s without Retry-After or OperationOutcome (at most a few kept). */
	List<String> unexpected() {
		return List.copyOf(unexpected);
	}

	long count(Outcome outcome) {
		return bundles.values().stream().filter(o -> o == outcome).count();
	}

	private void loop() {
		while (running.get()) {
			String id = UUID.randomUUID().toString();
			Outcome outcome = post(id);
			bundles.put(id, outcome);
			if (outcome == Outcome.NO_ANSWER || outcome == Outcome.REFUSED_503) {
				pause(200); // the server or database is down; do not spin
			}
		}
	}

	private Outcome post(String id) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.get()))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=minimal")
				.POST(HttpRequest.BodyPublishers.ofString(bundle(id)))
				.build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			return Outcome.NO_ANSWER;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Outcome.NO_ANSWER;
		}
		int status = response.statusCode();
		if (status == 200) {
			return Outcome.ACKNOWLEDGED;
		}
		if (status == 503) {
			boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
			boolean outcome = response.body().contains("\"OperationOutcome\"");
			if (retryAfter && outcome) {
				proper503.incrementAndGet();
			} else {
				note("503 without " + (retryAfter ? "" : "Retry-After ") + (outcome ? "" : "OperationOutcome"));
			}
			return Outcome.REFUSED_503;
		}
		note(status + ": " + response.body().substring(0, Math.min(300, response.body().length())));
		return status >= 500 ? Outcome.FAILED_500 : Outcome.OTHER_STATUS;
	}

	private void note(String text) {
		if (unexpected.size() < 20) {
			unexpected.add(text);
		}
	}

	static String bundle(String id) {
		StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		String patientUrl = "urn:uuid:" + id;
		String meta = "\"meta\":{\"tag\":[{\"system\":\"" + TAG_SYSTEM + "\",\"code\":\"" + id + "\"}]}";
		json.append("{\"fullUrl\":\"").append(patientUrl).append("\",\"resource\":{\"resourceType\":\"Patient\",")
				.append(meta).append(",\"identifier\":[{\"system\":\"urn:msfhir:reliability:patient\",\"value\":\"")
				.append(id).append("\"}],\"name\":[{\"family\":\"Crash\",\"given\":[\"Test\"]}],\"gender\":\"female\",")
				.append("\"birthDate\":\"1980-01-01\"},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
		for (int i = 0; i < OBSERVATIONS; i++) {
			json.append(",{\"resource\":{\"resourceType\":\"Observation\",").append(meta)
					.append(",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\",")
					.append("\"display\":\"Body weight\"}]},\"subject\":{\"reference\":\"").append(patientUrl)
					.append("\"},\"effectiveDateTime\":\"2024-01-0").append(i + 1)
					.append("\",\"valueQuantity\":{\"value\":").append(60 + i)
					.append(",\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}},")
					.append("\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
		}
		return json.append("]}").toString();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}

package org.msfhir.tools.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.msfhir.tools.auth.TokenSource;

/**
 * Reads a server's CPU time and memory: from {@code /proc/<pid>} when the server runs on this host
 * and its pid is known (CPU = utime + stime, peak resident set = VmHWM), and from the actuator's
 * Prometheus endpoint ({@code process_cpu_time_seconds_total}, {@code jvm_memory_used_bytes}) otherwise.
 * A background sampler keeps the peak heap seen while the benchmark runs.
 */
public final class ServerProbe implements AutoCloseable {

	private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

	private final String prometheusUrl;
	private final Long pid;
	private final TokenSource tokens;
	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private volatile double peakHeapBytes;
	private final Thread sampler;

	public ServerProbe(String prometheusUrl, Long pid) {
		this(prometheusUrl, pid, TokenSource.NONE);
	}

	/** @param tokens bearer tokens for the metrics endpoint (scope msfhir/metrics) */
	public ServerProbe(String prometheusUrl, Long pid, TokenSource tokens) {
		this.prometheusUrl = prometheusUrl;
		this.tokens = tokens;
		this.pid = pid;
		this.sampler = new Thread(this::sample, "server-probe");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	/**
	 * Waits until the server is idle: less than a tenth of a core over half a second, at most
	 * {@code max} (zero: no wait). HAPI goes on fetching and storing the results of recent searches in the background
	 * (and the JIT compiler goes on compiling), which would otherwise be charged to the next query.
	 *
	 * @return seconds waited
	 */
	public double awaitQuiet(Duration max) throws InterruptedException {
		if (max.isZero()) {
			return 0;
		}
		long start = System.nanoTime();
		double before = cpuSeconds();
		if (Double.isNaN(before)) {
			Thread.sleep(Math.min(2000, max.toMillis()));
			return Math.min(2, max.toSeconds());
		}
		while (System.nanoTime() - start < max.toNanos()) {
			Thread.sleep(500);
			double now = cpuSeconds();
			if (now - before < 0.05) {
				break;
			}
			before = now;
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/** Server CPU seconds so far (user + system), or NaN when unknown. */
	public double cpuSeconds() {
		if (pid != null) {
			try {
				String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// fields[0] is field 3 (state); utime is field 14, stime field 15.
				return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
			} catch (IOException | RuntimeException e) {
				// fall through to the actuator
			}
		}
		return metric("process_cpu_time_seconds_total", null);
	}

	/** Peak resident memory of the server process in bytes (VmHWM), or NaN without a pid. */
	public double peakResidentBytes() {
		if (pid == null) {
			return Double.NaN;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
				}
			}
		} catch (IOException e) {
			// not on this host
		}
		return Double.NaN;
	}

	public double peakHeapBytes() {
		return peakHeapBytes;
	}

	public double heapBytes() {
		return metric("jvm_memory_used_bytes", "area=\"heap\"");
	}

	private void sample() {
		while (!Thread.currentThread().isInterrupted()) {
			double heap = heapBytes();
			if (!Double.isNaN(heap)) {
				peakHeapBytes = Math.max(peakHeapBytes, heap);
			}
			try {
				Thread.sleep(1000);
			} catch (InterruptedException e) {
				return;
			}
		}
	}

	/** Sum of all series of a Prometheus metric whose labels contain {@code labelFilter} (null: all), or NaN. */
	public double metric(String name, String labelFilter) {
		if (prometheusUrl == null) {
			return Double.NaN;
		}
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prometheusUrl)).timeout(Duration.ofSeconds(5));
			String token = tokens.token();
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return Double.NaN;
			}
			double sum = 0;
			boolean found = false;
			for (String line : response.body().split("\n")) {
				if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
						&& (labelFilter == null || line.contains(labelFilter))) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					found = true;
				}
			}
			return found ? sum : Double.NaN;
		} catch (IOException | RuntimeException e) {
			return Double.NaN;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
	}

	@Override
	public void close() {
		sampler.interrupt();
	}
}

package org.msfhir.tools.benchmark;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.tools.load.BundleLoader;
import org.msfhir.tools.load.CohortFolder;
import org.msfhir.tools.load.FhirHttp;
import org.msfhir.tools.load.LoadResult;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.CohortWriter;
import org.msfhir.tools.synthetic.MsCodes;

/**
 * The benchmark: ingest of patient transactions at several concurrencies into a server with MS
 * profile validation on and one with it off (two instances of the same build on the same database
 * engine, each with its own database), then latency and throughput of the typical MS queries, and the
 * servers' CPU time and memory. Prints a table and writes everything as JSON.
 *
 * <p>The cohort is split into a warm-up slice and one slice per concurrency (sizes proportional to
 * the concurrency, so each timed run lasts about as long); both servers get exactly the same slices,
 * alternating which server goes first.
 */
public final class BenchmarkRunner {

	/** A server under test. */
	public record Target(String label, boolean validation, FhirHttp http, ServerProbe probe) {}

	/** Settings of a run. */
	public record Settings(
			int patients,
			long seed,
			Path dataFolder,
			List<Integer> concurrencies,
			int warmupPatients,
			int iterations,
			int groupRuns,
			int queryConcurrency,
			int idleWaitSeconds,
			boolean skipIngest,
			Path jsonOut) {}

	private final Settings settings;
	private final List<Target> targets;
	private final PrintStream out;
	private final Map<String, Object> report = new LinkedHashMap<>();

	public BenchmarkRunner(Settings settings, List<Target> targets, PrintStream out) {
		this.settings = settings;
		this.targets = targets;
		this.out = out;
	}

	public Map<String, Object> run() throws IOException, InterruptedException {
		report.put("startedAt", Instant.now().toString());
		report.put("machine", machine());
		report.put("settings", settingsMap());
		List<Supplier<String>> bundles = cohort();

		List<String> patientIds;
		if (settings.skipIngest()) {
			patientIds = lookUpPatients(targets.get(0).http());
		} else {
			patientIds = ingest(bundles);
		}
		report.put("queries", queries(targets.get(0), patientIds));
		out.println("cohort analytics against " + targets.get(0).label());
		GroupAnalytics analytics = new GroupAnalytics(targets.get(0).http(), out);
		report.put("groupAnalytics", analytics.run(patientIds, settings.groupRuns()));
		report.put("cohortAnalytics", analytics.cohort(settings.groupRuns()));
		report.put("servers", serverSummary());
		report.put("finishedAt", Instant.now().toString());
		printSummary();
		if (settings.jsonOut() != null) {
			Files.createDirectories(settings.jsonOut().toAbsolutePath().getParent());
			new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(settings.jsonOut().toFile(), report);
			out.println("JSON written to " + settings.jsonOut().toAbsolutePath());
		}
		return report;
	}

	// ---- data --------------------------------------------------------------------------------------

	private List<Supplier<String>> cohort() throws IOException {
		Path folder = settings.dataFolder();
		Path marker = folder.resolve("cohort-" + settings.seed() + "-" + settings.patients() + ".done");
		if (!Files.exists(marker)) {
			out.printf("generating %d patients (seed %d) into %s ...%n", settings.patients(), settings.seed(), folder);
			long t0 = System.nanoTime();
			if (Files.exists(folder)) {
				try (var files = Files.list(folder)) {
					for (Path f : files.filter(p -> p.getFileName().toString().startsWith("patient-")).toList()) {
						Files.delete(f);
					}
				}
			}
			long resources = new CohortWriter().write(new CohortGenerator(settings.seed()), 0, settings.patients(), folder,
					CohortWriter.Format.BUNDLES);
			Files.writeString(marker, Long.toString(resources));
			out.printf("generated %d resources in %.1f s%n", resources, (System.nanoTime() - t0) / 1e9);
		}
		report.put("cohortResources", Long.parseLong(Files.readString(marker).trim()));
		return CohortFolder.bundles(folder);
	}

	// ---- ingest ------------------------------------------------------------------------------------

	private List<String> ingest(List<Supplier<String>> bundles) throws InterruptedException {
		int warmup = Math.min(settings.warmupPatients(), bundles.size() / 10);
		List<Integer> cs = settings.concurrencies();
		int shares = cs.stream().mapToInt(Integer::intValue).sum();
		int rest = bundles.size() - warmup;

		List<String> patientIds = new ArrayList<>();
		out.printf("warm-up: %d patients per server%n", warmup);
		for (Target target : targets) {
			LoadResult r = new BundleLoader(target.http(), 2, null).load(bundles.subList(0, warmup));
			reportErrors(target, r);
			if (target == targets.get(0)) patientIds.addAll(r.patientIds());
		}

		List<Map<String, Object>> runs = new ArrayList<>();
		int from = warmup;
		for (int k = 0; k < cs.size(); k++) {
			int c = cs.get(k);
			int size = k == cs.size() - 1 ? bundles.size() - from : rest * c / shares;
			List<Supplier<String>> slice = bundles.subList(from, from + size);
			from += size;
			for (int t = 0; t < targets.size(); t++) {
				// Alternate which server goes first, so neither always loads into the "warmer" machine.
				Target target = targets.get((t + k) % targets.size());
				double cpu0 = target.probe().cpuSeconds();
				LoadResult r = new BundleLoader(target.http(), c, out).load(slice);
				double cpu = target.probe().cpuSeconds() - cpu0;
				reportErrors(target, r);
				if (target == targets.get(0)) patientIds.addAll(r.patientIds());
				Map<String, Object> run = new LinkedHashMap<>();
				run.put("server", target.label());
				run.put("validation", target.validation());
				run.put("concurrency", c);
				run.put("patients", r.bundles());
				run.put("resources", r.resources());
				run.put("errors", r.errors());
				run.put("seconds", round(r.seconds()));
				run.put("patientsPerSecond", round(r.patientsPerSecond()));
				run.put("resourcesPerSecond", round(r.resourcesPerSecond()));
				run.put("bundleLatencyMs", LatencyStats.of(r.latenciesMs()));
				run.put("serverCpuSeconds", round(cpu));
				run.put("serverCpuMsPerResource", r.resources() > 0 ? round(cpu * 1000 / r.resources()) : null);
				runs.add(run);
				out.printf("  %-12s c=%d  %7.1f resources/s  %5.2f patients/s  cpu %.2f ms/resource  errors %d%n",
						target.label(), c, r.resourcesPerSecond(), r.patientsPerSecond(),
						cpu * 1000 / Math.max(1, r.resources()), r.errors());
			}
		}
		report.put("ingest", runs);
		report.put("ingestValidatedOverUnvalidated", ratios(runs));
		return patientIds;
	}

	private static Map<String, Object> ratios(List<Map<String, Object>> runs) {
		Map<String, Object> ratios = new LinkedHashMap<>();
		for (Map<String, Object> on : runs) {
			if (!(Boolean) on.get("validation")) continue;
			for (Map<String, Object> off : runs) {
				if ((Boolean) off.get("validation") || !off.get("concurrency").equals(on.get("concurrency"))) continue;
				Map<String, Object> ratio = new LinkedHashMap<>();
				ratio.put("throughput", round((Double) on.get("resourcesPerSecond") / (Double) off.get("resourcesPerSecond")));
				Object cpuOn = on.get("serverCpuMsPerResource");
				Object cpuOff = off.get("serverCpuMsPerResource");
				if (cpuOn instanceof Double a && cpuOff instanceof Double b && b > 0) {
					ratio.put("serverCpuPerResource", round(a / b));
				}
				ratios.put("c" + on.get("concurrency"), ratio);
			}
		}
		return ratios;
	}

	private void reportErrors(Target target, LoadResult r) {
		r.errorMessages().stream().limit(5).forEach(m -> out.println("  ! " + target.label() + " " + m));
		if (r.errorMessages().size() > 5) out.printf("  ! ... %d more errors%n", r.errorMessages().size() - 5);
	}

	private List<String> lookUpPatients(FhirHttp http) throws IOException, InterruptedException {
		ObjectMapper json = new ObjectMapper();
		List<String> ids = new ArrayList<>();
		int step = Math.max(1, settings.patients() / 200);
		for (int i = 0; i < settings.patients(); i += step) {
			HttpResponse<String> r = http.get("Patient?identifier=" + MsCodes.SYNTHETIC_PATIENT_ID + "%7Cs"
					+ settings.seed() + "-p" + i + "&_elements=id");
			JsonNode entry = json.readTree(r.body()).path("entry");
			if (entry.size() > 0) ids.add(entry.path(0).path("resource").path("id").asText());
		}
		if (ids.isEmpty()) {
			throw new IllegalStateException("no patients of seed " + settings.seed() + " on " + http.baseUrl());
		}
		return ids;
	}

	// ---- queries -----------------------------------------------------------------------------------

	private List<Map<String, Object>> queries(Target target, List<String> patientIds) throws InterruptedException {
		List<String> sample = new ArrayList<>();
		int step = Math.max(1, patientIds.size() / 200);
		for (int i = 0; i < patientIds.size(); i += step) sample.add(patientIds.get(i));
		List<QueryCatalog.Query> queries = QueryCatalog.queries(target.http(), sample, edssObservation(sample.get(0)));
		List<Map<String, Object>> results = new ArrayList<>();
		out.printf("queries against %s (%d sample patients, %d iterations each)%n", target.label(), sample.size(),
				settings.iterations());
		for (QueryCatalog.Query q : queries) {
			double settled = target.probe().awaitQuiet(Duration.ofSeconds(settings.idleWaitSeconds()));
			AtomicInteger errors = new AtomicInteger();
			AtomicInteger resultSizes = new AtomicInteger();
			for (int i = 0; i < Math.min(20, settings.iterations()); i++) {
				call(target, q, 100_000 + i, errors, null);
			}
			errors.set(0);
			double[] latencies = new double[settings.iterations()];
			for (int i = 0; i < latencies.length; i++) {
				latencies[i] = call(target, q, i, errors, resultSizes);
			}
			double throughput = throughput(target, q, errors);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("query", q.name());
			result.put("example", q.example());
			result.put("latencyMs", LatencyStats.of(latencies));
			result.put("throughputPerSecond", round(throughput));
			result.put("throughputConcurrency", settings.queryConcurrency());
			result.put("meanResultEntries", round(resultSizes.get() / (double) latencies.length));
			result.put("errors", errors.get());
			result.put("waitedForIdleServerSeconds", round(settled));
			results.add(result);
			LatencyStats s = LatencyStats.of(latencies);
			out.printf("  %-40s p50 %6.1f  p95 %6.1f  p99 %6.1f ms  %6.1f req/s  errors %d%n", q.name(), s.p50(), s.p95(),
					s.p99(), throughput, errors.get());
		}
		return results;
	}

	private double call(Target target, QueryCatalog.Query q, int i, AtomicInteger errors, AtomicInteger sizes) {
		long t0 = System.nanoTime();
		try {
			HttpResponse<String> r = target.http().send(q.request().apply(i));
			double ms = (System.nanoTime() - t0) / 1e6;
			if (r.statusCode() != 200) {
				if (errors.incrementAndGet() <= 3) {
					out.printf("  ! %s: HTTP %d %s%n", q.name(), r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
				}
			} else if (sizes != null) {
				sizes.addAndGet(countEntries(r.body()));
			}
			return ms;
		} catch (IOException e) {
			errors.incrementAndGet();
			return (System.nanoTime() - t0) / 1e6;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static int countEntries(String body) {
		int count = 0;
		for (int i = body.indexOf("\"fullUrl\""); i >= 0; i = body.indexOf("\"fullUrl\"", i + 1)) count++;
		return count;
	}

	private double throughput(Target target, QueryCatalog.Query q, AtomicInteger errors) throws InterruptedException {
		int total = settings.iterations();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(settings.queryConcurrency());
		long t0 = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int w = 0; w < settings.queryConcurrency(); w++) {
			futures.add(pool.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < total) call(target, q, 50_000 + i, errors, null);
			}));
		}
		for (Future<?> f : futures) {
			try {
				f.get();
			} catch (java.util.concurrent.ExecutionException e) {
				throw new IllegalStateException(e.getCause());
			}
		}
		pool.shutdown();
		return total / ((System.nanoTime() - t0) / 1e9);
	}

	private String edssObservation(String patientId) {
		Bundle bundle = new CohortGenerator(settings.seed()).bundle(0);
		for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
			if (e.getResource() instanceof Observation obs && obs.getMeta().hasProfile(MsCodes.PROFILE_EDSS)) {
				obs.setSubject(new Reference("Patient/" + patientId));
				return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(obs);
			}
		}
		throw new IllegalStateException("patient 0 has no EDSS observation");
	}

	// ---- report ------------------------------------------------------------------------------------

	private Map<String, Object> machine() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("cpus", Runtime.getRuntime().availableProcessors());
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		m.put("java", System.getProperty("java.version"));
		try {
			String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
					.findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
			m.put("cpuModel", cpu);
			m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
		} catch (IOException e) {
			// not Linux
		}
		return m;
	}

	private Map<String, Object> settingsMap() {
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("patients", settings.patients());
		s.put("seed", settings.seed());
		s.put("concurrencies", settings.concurrencies());
		s.put("warmupPatients", settings.warmupPatients());
		s.put("queryIterations", settings.iterations());
		s.put("queryConcurrency", settings.queryConcurrency());
		s.put("groupRuns", settings.groupRuns());
		s.put("skipIngest", settings.skipIngest());
		List<Map<String, Object>> servers = new ArrayList<>();
		for (Target t : targets) {
			servers.add(Map.of("label", t.label(), "validation", t.validation(), "baseUrl", t.http().baseUrl()));
		}
		s.put("servers", servers);
		return s;
	}

	private List<Map<String, Object>> serverSummary() {
		List<Map<String, Object>> list = new ArrayList<>();
		for (Target t : targets) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("server", t.label());
			m.put("cpuSecondsTotal", round(t.probe().cpuSeconds()));
			m.put("peakHeapMiB", round(t.probe().peakHeapBytes() / 1048576));
			m.put("peakResidentMiB", round(t.probe().peakResidentBytes() / 1048576));
			list.add(m);
		}
		return list;
	}

	@SuppressWarnings("unchecked")
	private void printSummary() {
		out.println();
		out.println("== ingest (patient transactions) ==");
		out.printf("%-12s %4s %9s %12s %12s %10s %7s%n", "server", "c", "patients", "resources/s", "patients/s", "cpu ms/res", "errors");
		for (Map<String, Object> run : (List<Map<String, Object>>) report.getOrDefault("ingest", List.of())) {
			out.printf("%-12s %4s %9s %12.1f %12.2f %10s %7s%n", run.get("server"), run.get("concurrency"), run.get("patients"),
					run.get("resourcesPerSecond"), run.get("patientsPerSecond"), run.get("serverCpuMsPerResource"), run.get("errors"));
		}
		if (report.containsKey("ingestValidatedOverUnvalidated")) {
			out.println("validated / unvalidated: " + report.get("ingestValidatedOverUnvalidated"));
		}
		out.println();
		out.println("== queries ==");
		out.printf("%-40s %8s %8s %8s %9s %7s%n", "query", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors");
		for (Map<String, Object> q : (List<Map<String, Object>>) report.get("queries")) {
			LatencyStats s = (LatencyStats) q.get("latencyMs");
			out.printf("%-40s %8.1f %8.1f %8.1f %9.1f %7s%n", q.get("query"), s.p50(), s.p95(), s.p99(), q.get("throughputPerSecond"),
					q.get("errors"));
		}
		Map<String, Object> group = (Map<String, Object>) report.get("groupAnalytics");
		LatencyStats g = (LatencyStats) group.get("seconds");
		out.printf("%-40s median %.2f s, max %.2f s over %s runs of %s patients, errors %s%n", group.get("query"), g.p50(),
				g.max(), group.get("runs"), group.get("patients"), group.get("errors"));
		Map<String, Object> cohort = (Map<String, Object>) report.get("cohortAnalytics");
		LatencyStats c = (LatencyStats) cohort.get("seconds");
		out.printf("%-40s median %.2f s, max %.2f s over %s runs, %s members, errors %s%n", "$ms-cohort dry run (analytic)",
				c.p50(), c.max(), cohort.get("runs"), cohort.get("members"), cohort.get("errors"));
		out.println();
		out.println("== servers ==");
		for (Map<String, Object> s : (List<Map<String, Object>>) report.get("servers")) {
			out.println(s);
		}
	}

	private static Double round(double v) {
		return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 100) / 100.0;
	}
}

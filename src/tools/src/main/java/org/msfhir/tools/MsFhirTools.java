package org.msfhir.tools;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.msfhir.tools.auth.ClientCredentialsTokens;
import org.msfhir.tools.auth.TokenSource;
import org.msfhir.tools.auth.ToolCredentials;
import org.msfhir.tools.benchmark.BenchmarkRunner;
import org.msfhir.tools.benchmark.ServerProbe;
import org.msfhir.tools.load.BundleLoader;
import org.msfhir.tools.load.CohortFolder;
import org.msfhir.tools.load.FhirHttp;
import org.msfhir.tools.load.LoadResult;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.CohortWriter;

/**
 * Command-line tools: {@code generate} a synthetic MS cohort, {@code load} it into a server,
 * {@code demo} (generate and load in one step) and {@code benchmark}. Run with
 * {@code src/tools/scripts/tools.sh <command> --option value ...} from the repository root; see
 * docs/performance.md.
 */
public final class MsFhirTools {

	private static final String USAGE = """
			usage: <command> [options]
			  generate  --patients N --out DIR [--seed 42] [--first 0] [--format bundles|ndjson] [--as-of 2026-06-30]
			  load      --in DIR --url http://localhost:8080/fhir [--concurrency 4] [AUTH]
			  demo      --url http://localhost:8080/fhir [--patients 25] [--seed 42] [AUTH]
			  benchmark --validated-url URL [--unvalidated-url URL] [--validated-pid PID] [--unvalidated-pid PID]
			            [--patients 1000] [--seed 42] [--data target/bench-data] [--concurrency 1,2,4]
			            [--warmup 100] [--iterations 200] [--group-runs 5] [--query-concurrency 4] [--idle-wait 30] [--skip-ingest]
			            [--out target/benchmark.json] [AUTH]
			AUTH (secrets only from the environment or files, never as arguments):
			  --client-id ID [--scope "system/*.cruds"] [--token-url URL]
			      with MSFHIR_CLIENT_SECRET or --client-secret-file FILE (client secret),
			      or --jwk-file FILE / MSFHIR_JWK_FILE (private_key_jwt); tokens are renewed before they expire
			  without --client-id: MSFHIR_TOKEN or --token-file FILE (a fixed token), or no token
			""";

	private MsFhirTools() {}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.print(USAGE);
			System.exit(2);
		}
		CommandLine cl = new CommandLine(java.util.Arrays.copyOfRange(args, 1, args.length));
		int status;
		try {
			status = switch (args[0]) {
				case "generate" -> generate(cl);
				case "load" -> load(cl);
				case "demo" -> demo(cl);
				case "benchmark" -> benchmark(cl);
				default -> {
					System.err.print(USAGE);
					yield 2;
				}
			};
		} catch (IllegalArgumentException e) {
			System.err.println(e.getMessage());
			System.err.print(USAGE);
			status = 2;
		} catch (ClientCredentialsTokens.AuthenticationException e) {
			System.err.println("authentication failed: " + e.getMessage());
			status = 3;
		}
		System.exit(status);
	}

	private static int generate(CommandLine cl) throws Exception {
		int patients = cl.getInt("patients", 100);
		Path out = Path.of(cl.require("out"));
		CohortGenerator generator = new CohortGenerator(cl.getLong("seed", 42),
				LocalDate.parse(cl.get("as-of", CohortGenerator.DEFAULT_AS_OF.toString())));
		CohortWriter.Format format = CohortWriter.Format.valueOf(cl.get("format", "bundles").toUpperCase());
		long t0 = System.nanoTime();
		long resources = new CohortWriter().write(generator, cl.getInt("first", 0), patients, out, format);
		System.out.printf("generated %d patients, %d resources (%.0f per patient) into %s in %.1f s%n", patients, resources,
				resources / (double) patients, out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
		return 0;
	}

	private static int load(CommandLine cl) throws Exception {
		List<Supplier<String>> bundles = CohortFolder.bundles(Path.of(cl.require("in")));
		return load(cl, bundles);
	}

	private static int demo(CommandLine cl) throws Exception {
		CohortGenerator generator = new CohortGenerator(cl.getLong("seed", 42));
		var parser = FhirContext.forR4Cached().newJsonParser();
		List<Supplier<String>> bundles = new ArrayList<>();
		for (int i = 0; i < cl.getInt("patients", 25); i++) {
			int index = i;
			bundles.add(() -> parser.encodeResourceToString(generator.bundle(index)));
		}
		return load(cl, bundles);
	}

	private static int load(CommandLine cl, List<Supplier<String>> bundles) throws InterruptedException {
		String url = cl.get("url", "http://localhost:8080/fhir");
		FhirHttp http = new FhirHttp(url, credentials(cl, url));
		LoadResult result = new BundleLoader(http, cl.getInt("concurrency", 4), System.out).load(bundles);
		result.errorMessages().forEach(m -> System.out.println("error: " + m));
		System.out.printf("loaded %d of %d patients, %d resources in %.1f s (%.0f resources/s), %d errors%n",
				result.bundles() - result.errors(), result.bundles(), result.resources(), result.seconds(),
				result.resourcesPerSecond(), result.errors());
		return result.errors() == 0 ? 0 : 1;
	}

	private static int benchmark(CommandLine cl) throws Exception {
		TokenSource token = credentials(cl, cl.require("validated-url"));
		List<BenchmarkRunner.Target> targets = new ArrayList<>();
		targets.add(target("validated", true, cl.require("validated-url"), cl.get("validated-pid", null), token));
		if (cl.get("unvalidated-url", null) != null) {
			targets.add(target("unvalidated", false, cl.get("unvalidated-url", null), cl.get("unvalidated-pid", null), token));
		}
		BenchmarkRunner.Settings settings = new BenchmarkRunner.Settings(
				cl.getInt("patients", 1000),
				cl.getLong("seed", 42),
				Path.of(cl.get("data", "target/bench-data")),
				cl.getIntList("concurrency", "1,2,4"),
				cl.getInt("warmup", 100),
				cl.getInt("iterations", 200),
				cl.getInt("group-runs", 5),
				cl.getInt("query-concurrency", 4),
				cl.getInt("idle-wait", 30),
				cl.flag("skip-ingest"),
				Path.of(cl.get("out", "target/benchmark.json")));
		try {
			new BenchmarkRunner(settings, targets, System.out).run();
		} finally {
			targets.forEach(t -> t.probe().close());
		}
		return 0;
	}

	private static TokenSource credentials(CommandLine cl, String url) {
		return ToolCredentials.from(name -> cl.get(name, null), System.getenv(), url);
	}

	private static BenchmarkRunner.Target target(String label, boolean validation, String url, String pid, TokenSource token) {
		String prometheus = url.replaceAll("/fhir/?$", "") + "/actuator/prometheus";
		return new BenchmarkRunner.Target(label, validation, new FhirHttp(url, token),
				new ServerProbe(prometheus, pid == null ? null : Long.valueOf(pid), token));
	}
}

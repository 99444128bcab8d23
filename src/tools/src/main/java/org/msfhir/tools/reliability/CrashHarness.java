package org.msfhir.tools.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Crash-safety harness: the packaged server as its own JVM on an embedded PostgreSQL, transaction
 * bundles posted at full speed from several threads, and faults while they run:
 *
 * <ol>
 *   <li>the server JVM killed with SIGKILL at random moments, several times, and started again;
 *   <li>PostgreSQL restarted under load, once with a fast and once with an immediate shutdown
 *       ({@code pg_ctl restart -m fast|immediate}); meanwhile readiness is polled.
 * </ol>
 *
 * Then every bundle is looked up by its tag: each acknowledged (200) bundle must be stored completely,
 * no bundle may be stored in part, no answer may be a 500, and every 503 must carry Retry-After and an
 * OperationOutcome. Run with {@code mvn -pl src/tools exec:java
 * -Dexec.mainClass=org.msfhir.tools.reliability.CrashHarness -Dexec.args="..."} (docs/reliability.md).
 */
public final class CrashHarness {

	/** What to do. */
	public record Options(Path serverJar, Path workDir, int threads, int kills, Duration minLoad, Duration maxLoad,
			boolean databaseRestarts, long seed, Duration startTimeout) {}

	/** The figures of a run. */
	public record Report(long posted, long acknowledged, long storedComplete, long lost, long partial,
			long acknowledgedStored, long failed500, long refused503, long proper503, long noAnswer, long otherStatus,
			int kills, int databaseRestarts, boolean readinessWentDown, boolean readinessCameBack, List<String> unexpected) {

		/** The harness's bar: nothing acknowledged lost, nothing partial, no 500, every 503 proper. */
		public boolean passed() {
			return lost == 0 && partial == 0 && failed500 == 0 && refused503 == proper503 && unexpected.isEmpty()
					&& (databaseRestarts == 0 || (readinessWentDown && readinessCameBack));
		}

		@Override
		public String toString() {
			return String.format(
					"bundles posted %d, acknowledged (200) %d, stored complete %d (acknowledged and stored %d),"
							+ " lost %d, partial %d; answers: 500 %d, 503 %d (with Retry-After and OperationOutcome %d),"
							+ " no answer %d, other %d; server kills %d, database restarts %d,"
							+ " readiness down %s, back %s%s",
					posted, acknowledged, storedComplete, acknowledgedStored, lost, partial, failed500, refused503, proper503,
					noAnswer, otherStatus, kills, databaseRestarts, readinessWentDown, readinessCameBack,
					unexpected.isEmpty() ? "" : "; unexpected: " + unexpected);
		}
	}

	private final Options options;
	private final Random random;
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	public CrashHarness(Options options) {
		this.options = options;
		this.random = new Random(options.seed());
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new java.util.HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			a.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
		}
		Options options = new Options(
				a.containsKey("server-jar") ? Path.of(a.get("server-jar")) : defaultJar(Path.of("src/server/target")),
				Path.of(a.getOrDefault("work-dir", "target/crash-harness")),
				Integer.parseInt(a.getOrDefault("threads", "4")),
				Integer.parseInt(a.getOrDefault("kills", "5")),
				Duration.parse(a.getOrDefault("min-load", "PT5S")),
				Duration.parse(a.getOrDefault("max-load", "PT20S")),
				Boolean.parseBoolean(a.getOrDefault("database-restarts", "true")),
				Long.parseLong(a.getOrDefault("seed", Long.toString(System.nanoTime()))),
				Duration.parse(a.getOrDefault("start-timeout", "PT10M")));
		Report report = new CrashHarness(options).run();
		System.out.println(report);
		System.exit(report.passed() ? 0 : 1);
	}

	public Report run() throws Exception {
		Files.createDirectories(options.workDir());
		Path data = options.workDir().resolve("pgdata");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(true)
				.setServerConfig("max_connections", "100")
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.start()) {
			ServerProcess server = new ServerProcess(options.serverJar(), postgres.getJdbcUrl("postgres", "postgres"),
					freePort(), options.workDir().resolve("server.log"));
			IngestLoad load = new IngestLoad(() -> server.baseUrl());
			try {
				Duration startTimeout = options.startTimeout();
				server.start(startTimeout);
				load.start(options.threads());
				for (int i = 0; i < options.kills(); i++) {
					sleep(randomLoadTime());
					server.kill();
					log("kill " + (i + 1) + " of " + options.kills() + ": " + load.count(IngestLoad.Outcome.ACKNOWLEDGED)
							+ " acknowledged so far");
					server.start(startTimeout);
				}
				boolean wentDown = false;
				boolean cameBack = true;
				int restarts = 0;
				if (options.databaseRestarts()) {
					for (String mode : List.of("fast", "immediate")) {
						sleep(randomLoadTime());
						ReadinessWatch watch = new ReadinessWatch(server);
						watch.start();
						restartPostgres(data, mode);
						restarts++;
						boolean back = watch.awaitBack(Duration.ofMinutes(2));
						wentDown |= watch.wentDown();
						cameBack &= back;
						log("PostgreSQL restarted (" + mode + "): readiness down " + watch.wentDown() + ", back " + back);
					}
					sleep(randomLoadTime());
				}
				load.stop();
				return verify(server, load, restarts, wentDown, cameBack);
			} finally {
				load.stop();
				server.stop();
				if (options.databaseRestarts()) {
					stopRestartedPostgres(data);
				}
			}
		}
	}

	private Report verify(ServerProcess server, IngestLoad load, int restarts, boolean wentDown, boolean cameBack)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<int[]>> counts = new ArrayList<>();
		List<IngestLoad.Outcome> outcomes = new ArrayList<>();
		for (Map.Entry<String, IngestLoad.Outcome> bundle : load.bundles().entrySet()) {
			outcomes.add(bundle.getValue());
			counts.add(pool.submit(() -> new int[] {
				count(server, "Patient", bundle.getKey()), count(server, "Observation", bundle.getKey())}));
		}
		long complete = 0;
		long lost = 0;
		long partial = 0;
		long acknowledgedStored = 0;
		for (int i = 0; i < counts.size(); i++) {
			int[] found = counts.get(i).get();
			boolean isComplete = found[0] == 1 && found[1] == IngestLoad.OBSERVATIONS;
			boolean isAbsent = found[0] == 0 && found[1] == 0;
			boolean acknowledged = outcomes.get(i) == IngestLoad.Outcome.ACKNOWLEDGED;
			if (isComplete) {
				complete++;
				if (acknowledged) {
					acknowledgedStored++;
				}
			} else if (!isAbsent) {
				partial++;
			}
			if (acknowledged && !isComplete) {
				lost++;
			}
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.MINUTES);
		return new Report(load.bundles().size(), load.count(IngestLoad.Outcome.ACKNOWLEDGED), complete, lost, partial,
				acknowledgedStored, load.count(IngestLoad.Outcome.FAILED_500), load.count(IngestLoad.Outcome.REFUSED_503),
				load.proper503(), load.count(IngestLoad.Outcome.NO_ANSWER), load.count(IngestLoad.Outcome.OTHER_STATUS),
				options.kills(), restarts, wentDown, cameBack, load.unexpected());
	}

	private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

	private int count(ServerProcess server, String type, String bundleId) throws IOException, InterruptedException {
		String url = server.baseUrl() + "/" + type + "?_summary=count&_tag=" + IngestLoad.TAG_SYSTEM + "%7C" + bundleId;
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Cache-Control", "no-cache").build(), HttpResponse.BodyHandlers.ofString());
		Matcher total = TOTAL.matcher(response.body());
		if (response.statusCode() != 200 || !total.find()) {
			throw new IllegalStateException("count search failed: " + response.statusCode() + " " + response.body());
		}
		return Integer.parseInt(total.group(1));
	}

	/** Polls readiness every 200 ms from a restart until it is UP again after having gone down. */
	private static final class ReadinessWatch extends Thread {
		private final ServerProcess server;
		private final AtomicBoolean down = new AtomicBoolean();
		private final AtomicBoolean back = new AtomicBoolean();

		ReadinessWatch(ServerProcess server) {
			super("readiness-watch");
			setDaemon(true);
			this.server = server;
		}

		@Override
		public void run() {
			long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (System.nanoTime() < end && !back.get()) {
				int status = server.readinessStatus();
				if (status != 200) {
					down.set(true);
				} else if (down.get()) {
					back.set(true);
				}
				CrashHarness.sleep(Duration.ofMillis(200));
			}
		}

		boolean wentDown() {
			return down.get();
		}

		boolean awaitBack(Duration timeout) throws InterruptedException {
			join(timeout.toMillis());
			// Readiness that never went down (restart faster than a probe) counts as back.
			return back.get() || (!down.get() && server.readinessStatus() == 200);
		}
	}

	/**
	 * Restarts the PostgreSQL of {@code data} the way {@code pg_ctl restart -m fast|immediate} does, without
	 * pg_ctl (which refuses to run as root, as CI does; the postmaster is started the way zonky starts it, in a
	 * user namespace when root): SIGINT (fast) or SIGQUIT (immediate) to the
	 * postmaster, then the same command line again, read from {@code postmaster.opts}.
	 */
	private static void restartPostgres(Path data, String mode) throws Exception {
		long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			// like zonky: PostgreSQL refuses root, so it runs in a user namespace where it is not root
			command.addAll(List.of("unshare", "-U"));
		}
		Matcher token = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(Files.readString(data.resolve("postmaster.opts")).trim());
		while (token.find()) {
			command.add(token.group(1) != null ? token.group(1) : token.group(2));
		}
		ProcessHandle postmaster = ProcessHandle.of(pid)
				.orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
		Process signal = new ProcessBuilder("kill", "fast".equals(mode) ? "-INT" : "-QUIT", String.valueOf(pid)).start();
		if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
			throw new IllegalStateException("could not signal the postmaster " + pid);
		}
		postmaster.onExit().get(2, TimeUnit.MINUTES);
		new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("restart.log").toFile())).start();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (!readyAfter(data.resolve("postmaster.pid"), pid)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("PostgreSQL did not come back; see " + data.resolve("restart.log"));
			}
			Thread.sleep(100);
		}
	}

	/** Whether the pid file names a postmaster other than {@code oldPid} that is ready for connections. */
	private static boolean readyAfter(Path pidFile, long oldPid) throws IOException {
		if (!Files.exists(pidFile)) {
			return false;
		}
		List<String> lines = Files.readAllLines(pidFile);
		return !lines.isEmpty() && !lines.get(0).trim().equals(String.valueOf(oldPid))
				&& lines.stream().anyMatch(line -> line.trim().equals("ready"));
	}

	/** Stops a PostgreSQL this harness restarted itself (its process is not the one zonky started). */
	private static void stopRestartedPostgres(Path data) {
		try {
			Path pidFile = data.resolve("postmaster.pid");
			if (Files.exists(pidFile)) {
				long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
				ProcessHandle.of(pid).ifPresent(handle -> {
					try {
						new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);
						handle.onExit().get(1, TimeUnit.MINUTES);
					} catch (Exception e) {
						handle.destroyForcibly();
					}
				});
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private Duration randomLoadTime() {
		long min = options.minLoad().toMillis();
		long max = Math.max(min, options.maxLoad().toMillis());
		return Duration.ofMillis(min + (long) (random.nextDouble() * (max - min)));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The runnable jar in the server module's target folder. */
	static Path defaultJar(Path target) {
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
					.orElseThrow(() -> new IllegalStateException("no *-exec.jar in " + target
							+ "; build it with mvn -pl src/server -am package -DskipTests"));
		} catch (IOException e) {
			throw new UncheckedIOException("no " + target + "; build the server first", e);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void log(String text) {
		System.out.println("[crash-harness] " + text);
	}
}

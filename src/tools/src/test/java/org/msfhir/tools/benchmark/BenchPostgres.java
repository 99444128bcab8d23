package org.msfhir.tools.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A PostgreSQL for the benchmark, from the zonky binaries on Maven Central (no system install, runs
 * as any user). Production-like durability: fsync and synchronous_commit stay on. Creates (afresh)
 * one database per benchmarked server and runs until killed.
 *
 * <p>Started by the benchmark scripts ({@code src/tools/scripts/lib.sh}, {@code start_postgres}) with the
 * arguments {@code 15487 target/bench-pg msfhir_validated msfhir_unvalidated}.
 */
public final class BenchPostgres {

	private BenchPostgres() {}

	public static void main(String[] args) throws Exception {
		int port = args.length > 0 ? Integer.parseInt(args[0]) : 15487;
		Path dataDir = Path.of(args.length > 1 ? args[1] : "target/bench-pg");
		Files.createDirectories(dataDir.getParent() == null ? Path.of(".") : dataDir.getParent());
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPort(port)
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(true)
				.setServerConfig("max_connections", "200")
				.setServerConfig("shared_buffers", "512MB")
				.setServerConfig("work_mem", "16MB")
				.setServerConfig("maintenance_work_mem", "128MB")
				.setServerConfig("effective_cache_size", "4GB")
				.setServerConfig("max_wal_size", "4GB")
				.setServerConfig("checkpoint_timeout", "15min")
				// zonky turns durability off by default (fsync, synchronous_commit, full_page_writes):
				// a benchmark of a clinical server must pay for durable commits like production does.
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on");
		String extra = System.getenv().getOrDefault("BENCH_PG_SETTINGS", "");
		for (String setting : extra.split(",")) {
			int eq = setting.indexOf('=');
			if (eq > 0) {
				builder.setServerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
			}
		}
		EmbeddedPostgres pg = builder.start();
		try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			for (int i = 2; i < args.length; i++) {
				s.execute("DROP DATABASE IF EXISTS " + args[i]);
				s.execute("CREATE DATABASE " + args[i]);
			}
		}
		System.out.println("PostgreSQL " + pg.getPostgresDatabase().getConnection().getMetaData().getDatabaseProductVersion()
				+ " ready on port " + port + " (user postgres, password postgres), data in " + dataDir.toAbsolutePath());
		System.out.flush();
		Thread.currentThread().join();
	}
}

package org.msfhir.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL per test JVM, started from the binaries on Maven Central (zonky). Every
 * integration test context points its datasource here; zonky's shutdown hook stops it when the JVM
 * ends (closing it earlier would pull the database from under cached Spring contexts).
 */
public final class TestPostgres {

	private static EmbeddedPostgres instance;

	private TestPostgres() {}

	public static synchronized EmbeddedPostgres get() {
		if (instance == null) {
			try {
				instance = EmbeddedPostgres.builder()
						.setServerConfig("max_connections", "200")
						.setServerConfig("fsync", "off")
						.setServerConfig("synchronous_commit", "off")
						.start();
			} catch (IOException e) {
				throw new UncheckedIOException("could not start embedded PostgreSQL", e);
			}
		}
		return instance;
	}

	public static String jdbcUrl() {
		return get().getJdbcUrl("postgres", "postgres");
	}
}

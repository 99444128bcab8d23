package org.msfhir.security.state;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates and upgrades the authorization state tables with plain JDBC that PostgreSQL and H2 both
 * accept. A one-row table holds the schema version; each step runs once, in order, and is written so
 * that two instances starting together on one database do no harm.
 */
final class AuthStateSchema {

	static final String TABLE = "msfhir_auth_state";
	static final String VERSION_TABLE = "msfhir_auth_schema";
	static final int VERSION = 1;

	private AuthStateSchema() {}

	static void migrate(JdbcTemplate jdbc) {
		try {
			createVersion1(jdbc);
		} catch (DataAccessException concurrentStart) {
			// Another instance created the same objects at the same moment: its result is what we need.
			createVersion1(jdbc);
		}
		Integer version = jdbc.queryForObject("SELECT MAX(version) FROM " + VERSION_TABLE, Integer.class);
		if (version == null) {
			try {
				jdbc.update("INSERT INTO " + VERSION_TABLE + " (version) VALUES (?)", VERSION);
			} catch (org.springframework.dao.DuplicateKeyException alreadyThere) {
				// another instance wrote it first
			}
		} else if (version > VERSION) {
			throw new IllegalStateException("The database's authorization state schema (version " + version
					+ ") is newer than this server knows (" + VERSION + "): upgrade the server");
		}
	}

	private static void createVersion1(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INT PRIMARY KEY)");
		jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
				+ "kind VARCHAR(24) NOT NULL, "
				+ "id VARCHAR(64) NOT NULL, "
				+ "family VARCHAR(200), "
				+ "used INT DEFAULT 0 NOT NULL, "
				+ "val VARCHAR(100000), "
				+ "expires_at BIGINT NOT NULL, "
				+ "PRIMARY KEY (kind, id))");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_expiry ON " + TABLE + " (expires_at)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_family ON " + TABLE + " (kind, family)");
	}
}

package org.msfhir.bulkexport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The export job table ({@code msfhir_export_job}): one row per job with its owner, request, status,
 * progress and manifest, so that jobs survive a restart and every server instance on the database can
 * answer for them. All of its DDL is here; it is created at startup if missing (plain JDBC, portable
 * between PostgreSQL and H2: epoch milliseconds, no database-specific types).
 */
final class ExportJobTable {

	static final String NAME = "msfhir_export_job";

	private ExportJobTable() {}

	static void create(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS " + NAME + " ("
					+ "id VARCHAR(64) NOT NULL PRIMARY KEY, "
					+ "owner_client VARCHAR(255) NOT NULL, "
					+ "status VARCHAR(16) NOT NULL, "
					+ "export_level VARCHAR(16) NOT NULL, "
					+ "request_url VARCHAR(8000), "
					+ "since_millis BIGINT, "
					+ "deidentified BOOLEAN NOT NULL, "
					+ "created_millis BIGINT NOT NULL, "
					+ "transaction_millis BIGINT, "
					+ "expires_millis BIGINT, "
					+ "heartbeat_millis BIGINT NOT NULL, "
					+ "written BIGINT NOT NULL, "
					+ "total BIGINT NOT NULL, "
					+ "failure VARCHAR(4000), "
					+ "files VARCHAR(1000000))");
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot create the table " + NAME + ": " + e.getMessage(), e);
		}
	}
}

package org.msfhir.server.schema;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrationStorageSvc;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.MigrationTaskList;
import ca.uhn.fhir.jpa.migrate.dao.HapiMigrationDao;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema up to date: first HAPI's migration tasks for HAPI's tables, recorded in
 * {@value #HAPI_MIGRATION_TABLE} (what HAPI's {@code migrate-database} command does), then the server's
 * own scripts ({@link OwnSchemaMigrations}). On an empty database HAPI's tasks create the whole schema;
 * on one created by Hibernate's {@code hbm2ddl} (releases before managed schemas) the tasks find the
 * tables and add only what differs. HAPI's migrator holds a lock row while it runs, so servers
 * starting together migrate one after the other.
 */
public class SchemaMigration {

	/** HAPI's migration history table, as HAPI's command-line migrator names it. */
	public static final String HAPI_MIGRATION_TABLE = "FLY_HFJ_MIGRATION";

	private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

	private final DataSource dataSource;
	private final DriverTypeEnum driverType;
	private final OwnSchemaMigrations own;

	public SchemaMigration(DataSource dataSource, String ownScriptLocation) {
		this.dataSource = dataSource;
		this.driverType = driverType(dataSource);
		this.own = new OwnSchemaMigrations(dataSource, ownScriptLocation);
	}

	/** Runs every pending HAPI task and own script. */
	public void migrate() {
		HapiMigrator migrator = new HapiMigrator(HAPI_MIGRATION_TABLE, dataSource, driverType);
		migrator.addTasks(hapiTasks());
		migrator.createMigrationTableIfRequired();
		MigrationResult result = migrator.migrate();
		log.info("HAPI schema migration on {}: {} task(s) run, {} succeeded, {} failed",
				driverType, result.succeededTasks.size() + result.failedTasks.size(), result.succeededTasks.size(), result.failedTasks.size());
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("HAPI schema migration failed: " + result.failedTasks);
		}
		int applied = own.migrate();
		log.info("Own schema migrations: {} script(s) applied, schema at version {}", applied, own.currentVersion());
	}

	/**
	 * Refuses to go on if a HAPI task or an own script has not been applied (with
	 * {@code msfhir.schema.migrate=false}, where someone else migrates). This is the check Hibernate's
	 * {@code validate} would otherwise make, on what the migrations record rather than column by column.
	 */
	public void requireCurrent() {
		int pendingHapi = pendingHapiTasks();
		int pendingOwn = own.pending().size();
		if (pendingHapi > 0 || pendingOwn > 0) {
			throw new IllegalStateException("The database schema is not current: " + pendingHapi
					+ " HAPI migration task(s) and " + pendingOwn + " own script(s) pending. Run the migration"
					+ " (start once with msfhir.schema.migrate=true) before starting with migrate=false.");
		}
	}

	/** HAPI tasks not yet recorded as applied in {@value #HAPI_MIGRATION_TABLE}. */
	public int pendingHapiTasks() {
		HapiMigrationStorageSvc storage =
				new HapiMigrationStorageSvc(new HapiMigrationDao(dataSource, driverType, HAPI_MIGRATION_TABLE));
		try {
			return storage.diff(hapiTasks()).size();
		} catch (RuntimeException noHistoryTable) {
			return hapiTasks().size();
		}
	}

	private static MigrationTaskList hapiTasks() {
		return new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values());
	}

	static DriverTypeEnum driverType(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
			if (product.contains("postgres")) {
				return DriverTypeEnum.POSTGRES_9_4;
			}
			if (product.contains("h2")) {
				return DriverTypeEnum.H2_EMBEDDED;
			}
			throw new IllegalStateException("No schema migration for database " + product
					+ " (this server supports PostgreSQL and H2)");
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot reach the database to migrate its schema", e);
		}
	}
}

package org.msfhir.overrides;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the id columns of HAPI's reference table ({@code HFJ_RES_LINK.SRC_RESOURCE_ID} and {@code
 * TARGET_RESOURCE_ID}) PostgreSQL's default statistics target again. HAPI's PostgreSQL schema sets
 * them to 10,000, so the planner compares every id of an {@code IN} list with 10,000 most-common
 * values: for the few hundred ids of an {@code $everything} include step or a {@code $lastn} cohort,
 * planning took ~200 ms of a ~220 ms query at 1,000 patients (docs/performance.md). Runs once at
 * startup, after the schema migration; analyses the table when it changed a column. Other databases
 * are left alone.
 */
public final class LinkStatistics {

	private static final Logger LOG = LoggerFactory.getLogger(LinkStatistics.class);

	/** The columns whose statistics target is reset. */
	public static final List<String> COLUMNS = List.of("src_resource_id", "target_resource_id");

	private LinkStatistics() {}

	/** Resets the columns' statistics target where it is set; returns the columns changed. */
	public static List<String> apply(DataSource dataSource) {
		List<String> changed = new ArrayList<>();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				return changed;
			}
			for (String column : COLUMNS) {
				if (target(statement, column) > 0) {
					statement.execute("ALTER TABLE hfj_res_link ALTER COLUMN " + column + " SET STATISTICS -1");
					changed.add(column);
				}
			}
			if (!changed.isEmpty()) {
				statement.execute("ANALYZE hfj_res_link");
				LOG.info("HFJ_RES_LINK {}: statistics target reset to the database default (HAPI's schema sets 10000)",
						changed);
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot reset the statistics target of HFJ_RES_LINK", e);
		}
		return changed;
	}

	/** The column's statistics target; 0 or less (or none) means the database default. */
	public static int target(Statement statement, String column) throws SQLException {
		try (ResultSet rows = statement.executeQuery("SELECT attstattarget FROM pg_attribute"
				+ " WHERE attrelid = 'hfj_res_link'::regclass AND attname = '" + column + "'")) {
			return rows.next() ? rows.getInt(1) : 0;
		}
	}
}

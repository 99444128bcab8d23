package org.msfhir.server.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Versioned migrations of the server's own tables (those next to HAPI's): numbered SQL scripts on the
 * classpath, {@code db/msfhir/V<n>__<description>.sql}, applied in number order, each once, each in
 * one transaction together with its row in {@value #VERSION_TABLE}. A script that is already recorded
 * is never run again, so a change to a table is a new script with the next number, never an edit of
 * an old one. Scripts use SQL that both PostgreSQL and H2 accept. A failing script is rolled back and not
 * recorded; on PostgreSQL that includes its DDL, while H2 commits each DDL statement at once, so DDL is
 * best written to run again ({@code IF NOT EXISTS}).
 */
public class OwnSchemaMigrations {

	/** Where the server's scripts live on the classpath. */
	public static final String DEFAULT_LOCATION = "db/msfhir";

	/** One row per applied script. */
	public static final String VERSION_TABLE = "msfhir_schema_version";

	private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

	private final DataSource dataSource;
	private final String location;

	public OwnSchemaMigrations(DataSource dataSource, String location) {
		this.dataSource = dataSource;
		this.location = location;
	}

	/** A script found on the classpath. */
	public record Script(int version, String description, String sql) {}

	/** Applies every script not yet recorded; returns how many were applied. */
	public int migrate() {
		try (Connection connection = dataSource.getConnection()) {
			createVersionTable(connection);
			Set<Integer> applied = applied(connection);
			int count = 0;
			for (Script script : scripts()) {
				if (!applied.contains(script.version())) {
					apply(connection, script);
					count++;
				}
			}
			return count;
		} catch (SQLException e) {
			throw new IllegalStateException("Own schema migration failed: " + e.getMessage(), e);
		}
	}

	/** The scripts not yet recorded as applied. */
	public List<Script> pending() {
		try (Connection connection = dataSource.getConnection()) {
			Set<Integer> applied = tableExists(connection) ? applied(connection) : Set.of();
			return scripts().stream().filter(s -> !applied.contains(s.version())).toList();
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot read " + VERSION_TABLE, e);
		}
	}

	/** The highest applied version, 0 when none. */
	public int currentVersion() {
		try (Connection connection = dataSource.getConnection()) {
			return tableExists(connection) ? applied(connection).stream().max(Integer::compare).orElse(0) : 0;
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot read " + VERSION_TABLE, e);
		}
	}

	/** The scripts at the location, in version order; two scripts with one number are an error. */
	public List<Script> scripts() {
		TreeMap<Integer, Script> byVersion = new TreeMap<>();
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver()
					.getResources("classpath*:" + location + "/V*__*.sql");
			for (Resource resource : resources) {
				Matcher name = NAME.matcher(resource.getFilename() == null ? "" : resource.getFilename());
				if (!name.matches()) {
					throw new IllegalStateException("Migration script name not V<n>__<description>.sql: "
							+ resource.getFilename());
				}
				int version = Integer.parseInt(name.group(1));
				Script script = new Script(version, name.group(2),
						resource.getContentAsString(StandardCharsets.UTF_8));
				if (byVersion.put(version, script) != null) {
					throw new IllegalStateException("Two migration scripts with version " + version + " in " + location);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read migration scripts in " + location, e);
		}
		List<Script> scripts = new ArrayList<>(byVersion.values());
		scripts.sort(Comparator.comparingInt(Script::version));
		return scripts;
	}

	private void apply(Connection connection, Script script) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements(script.sql())) {
				statement.execute(sql);
			}
			try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + VERSION_TABLE
					+ " (version, description, applied_at) VALUES (?, ?, ?)")) {
				record.setInt(1, script.version());
				record.setString(2, script.description());
				record.setTimestamp(3, Timestamp.from(Instant.now()));
				record.executeUpdate();
			}
			connection.commit();
		} catch (SQLException e) {
			connection.rollback();
			throw new SQLException("Migration script V" + script.version() + "__" + script.description()
					+ " failed: " + e.getMessage(), e);
		} finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	/** Statements separated by a semicolon at the end of a line; lines starting with -- are comments. */
	static List<String> statements(String script) {
		List<String> statements = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : script.split("\\R")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("--")) {
				continue;
			}
			current.append(line).append('\n');
			if (trimmed.endsWith(";")) {
				String sql = current.toString().strip();
				statements.add(sql.substring(0, sql.length() - 1));
				current.setLength(0);
			}
		}
		if (!current.toString().isBlank()) {
			statements.add(current.toString().strip());
		}
		return statements;
	}

	private static void createVersionTable(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
					+ " (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
		}
	}

	private static boolean tableExists(Connection connection) throws SQLException {
		for (String name : List.of(VERSION_TABLE, VERSION_TABLE.toUpperCase())) {
			try (ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
				if (tables.next()) {
					return true;
				}
			}
		}
		return false;
	}

	private static Set<Integer> applied(Connection connection) throws SQLException {
		Set<Integer> versions = new HashSet<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
			while (rows.next()) {
				versions.add(rows.getInt(1));
			}
		}
		return versions;
	}
}

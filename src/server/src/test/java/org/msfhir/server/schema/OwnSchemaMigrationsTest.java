package org.msfhir.server.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class OwnSchemaMigrationsTest {

	private final JdbcDataSource db = new JdbcDataSource();

	OwnSchemaMigrationsTest() {
		db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@Test
	void appliesScriptsInOrderOnceEach() {
		OwnSchemaMigrations migrations = new OwnSchemaMigrations(db, "db/msfhir-test-ok");
		assertThat(migrations.pending()).extracting(OwnSchemaMigrations.Script::version).containsExactly(1, 2);

		assertThat(migrations.migrate()).isEqualTo(2);
		assertThat(migrations.migrate()).isZero();

		JdbcTemplate jdbc = new JdbcTemplate(db);
		assertThat(jdbc.queryForObject("SELECT name FROM test_thing WHERE id = 1", String.class)).isEqualTo("one");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM test_thing WHERE note IS NULL", Integer.class)).isEqualTo(1);
		assertThat(migrations.currentVersion()).isEqualTo(2);
		assertThat(migrations.pending()).isEmpty();
	}

	@Test
	void aFailingScriptLeavesNothingBehindAndIsNotRecorded() {
		OwnSchemaMigrations migrations = new OwnSchemaMigrations(db, "db/msfhir-test-broken");

		assertThatThrownBy(migrations::migrate).hasMessageContaining("V1__half_broken");

		assertThat(migrations.currentVersion()).isZero();
		assertThat(migrations.pending()).hasSize(1);
	}

	@Test
	void theServersOwnScriptsAreFound() {
		assertThat(new OwnSchemaMigrations(db, OwnSchemaMigrations.DEFAULT_LOCATION).scripts())
				.extracting(OwnSchemaMigrations.Script::description).contains("smart_registrations");
	}

	@Test
	void statementsAreSplitAtLineEndSemicolonsAndCommentsDropped() {
		assertThat(OwnSchemaMigrations.statements("-- note\nCREATE TABLE a (x INT);\nINSERT INTO a\n VALUES (1);\n"))
				.containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a\n VALUES (1)");
	}
}

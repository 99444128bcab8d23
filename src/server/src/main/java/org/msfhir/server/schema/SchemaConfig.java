package org.msfhir.server.schema;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database schema is created and upgraded by migrations, not by Hibernate: HAPI's own migration
 * tasks (those of HAPI's command-line migrator) and the server's numbered scripts for its own tables.
 * The entity manager factory depends on {@value #MIGRATION_BEAN}, so the migrations run first.
 */
@Configuration
public class SchemaConfig {

	/** Name of the bean the entity manager factory waits for. */
	public static final String MIGRATION_BEAN = "schemaMigration";

	@Bean(MIGRATION_BEAN)
	public SchemaMigration schemaMigration(DataSource dataSource, SchemaProperties properties) {
		SchemaMigration migration = new SchemaMigration(dataSource, OwnSchemaMigrations.DEFAULT_LOCATION);
		if (properties.migrate()) {
			migration.migrate();
		} else if (properties.check()) {
			migration.requireCurrent();
		}
		return migration;
	}
}

package org.msfhir.server.schema;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the database schema ({@code msfhir.schema.*}).
 *
 * @param migrate at start, bring the schema up to date with HAPI's migration tasks and the server's
 *     own numbered scripts ({@code db/msfhir/V<n>__*.sql}); {@code false} only where an operator runs
 *     the migration separately: the server then checks that the schema is current and refuses to start
 *     if it is not
 * @param check with {@code migrate=false}: refuse to start on a schema with pending migrations;
 *     {@code false} skips even that, for a schema managed entirely outside the server
 */
@ConfigurationProperties("msfhir.schema")
public record SchemaProperties(@DefaultValue("true") boolean migrate, @DefaultValue("true") boolean check) {}

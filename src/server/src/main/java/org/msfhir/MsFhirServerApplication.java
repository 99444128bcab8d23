package org.msfhir;

import org.msfhir.overrides.OverridesConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the MS FHIR server: a HAPI FHIR JPA R4 server with the multiple sclerosis
 * implementation guide, SMART on FHIR authorization and bulk export for research cohorts.
 */
@SpringBootApplication(
		exclude = {
			// The schema is HAPI's migrator's (org.msfhir.server.schema); Spring's Flyway would refuse PostgreSQL 15+.
			FlywayAutoConfiguration.class,
			// Pulled in transitively by HAPI; unused here, and the Elasticsearch client polls localhost:9200.
			ElasticsearchRestClientAutoConfiguration.class,
			ElasticsearchClientAutoConfiguration.class,
			ThymeleafAutoConfiguration.class,
			QuartzAutoConfiguration.class,
			// No form-login user with a generated password: the SMART security (org.msfhir.security) decides.
			UserDetailsServiceAutoConfiguration.class
		})
@ConfigurationPropertiesScan
// Imported here, not scanned: imports are registered after the scanned configuration (and HAPI's, which
// FhirServerConfig imports), so the overrides' beans replace HAPI's of the same name.
@Import(OverridesConfig.class)
public class MsFhirServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(MsFhirServerApplication.class, args);
	}
}

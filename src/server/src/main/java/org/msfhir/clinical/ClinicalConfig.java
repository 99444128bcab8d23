package org.msfhir.clinical;

import javax.sql.DataSource;
import org.msfhir.common.ResourceReader;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Clinical operations over stored MS data: {@code Observation/$lastn}; none with
 * {@code msfhir.clinical.enabled=false}.
 */
@Configuration
@ConditionalOnProperty(name = "msfhir.clinical.enabled", matchIfMissing = true)
public class ClinicalConfig {

	@Bean
	public FhirServerCustomizer clinicalOperations(ResourceReader reader, DataSource dataSource) {
		LastNProvider lastN = new LastNProvider(new LastNQuery(reader, new NamedParameterJdbcTemplate(dataSource)));
		return server -> server.registerProvider(lastN);
	}
}

package org.msfhir.clinical;

import org.msfhir.bulkexport.ExportResourceReader;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clinical operations over stored MS data: {@code Observation/$lastn}. */
@Configuration
public class ClinicalConfig {

	@Bean
	public FhirServerCustomizer clinicalOperations(ExportResourceReader reader) {
		LastNProvider lastN = new LastNProvider(new LastNQuery(reader));
		return server -> server.registerProvider(lastN);
	}
}

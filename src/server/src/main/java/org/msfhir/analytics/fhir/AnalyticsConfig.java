package org.msfhir.analytics.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ValueSet;
import org.msfhir.common.ResourceReader;
import org.msfhir.server.FhirServerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The disease-course operations {@code $ms-progression} and {@code $ms-summary} (docs/progression.md). */
@Configuration
@EnableConfigurationProperties(AnalyticsProperties.class)
@ConditionalOnProperty(prefix = "msfhir.analytics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class AnalyticsConfig {

	/** The guide's DMT value set, as the guide module puts it on the classpath. */
	private static final String DMT_VALUE_SET = "ig/ValueSet-ms-dmt.json";

	/** Patients' analytics inputs from the database; also used by the cohort criteria. */
	@Bean
	public HistoryReader historyReader(ResourceReader resourceReader) {
		return new HistoryReader(resourceReader);
	}

	/** DMT exposure and lines of therapy; also used by the cohort criteria. */
	@Bean
	public DmtTherapy dmtTherapy(FhirContext fhirContext) {
		return new DmtTherapy(dmtCodes(fhirContext));
	}

	@Bean
	@SuppressWarnings("unchecked")
	public FhirServerCustomizer analyticsOperations(DaoRegistry daoRegistry, HistoryReader reader, DmtTherapy dmtTherapy,
			AnalyticsProperties properties) {
		IFhirResourceDao<Patient> patientDao = daoRegistry.getResourceDao("Patient");
		IFhirResourceDao<Group> groupDao = daoRegistry.getResourceDao("Group");
		IFhirSystemDao<Bundle, Meta> systemDao = daoRegistry.getSystemDao();
		ProgressionProvider progression = new ProgressionProvider(
				reader, new DerivedEventWriter(systemDao), patientDao, groupDao, properties);
		SummaryProvider summary = new SummaryProvider(reader, patientDao, dmtTherapy);
		return server -> {
			server.registerProvider(progression);
			server.registerProvider(summary);
			server.registerInterceptor(new ParameterSyntaxInterceptor());
		};
	}

	/** {@code system|code} of every concept ValueSet ms-dmt includes; empty if the guide is not on the classpath. */
	static Set<String> dmtCodes(FhirContext fhirContext) {
		Set<String> codes = new HashSet<>();
		try (InputStream in = AnalyticsConfig.class.getClassLoader().getResourceAsStream(DMT_VALUE_SET)) {
			if (in != null) {
				ValueSet vs = fhirContext.newJsonParser().parseResource(ValueSet.class, in);
				vs.getCompose().getInclude().forEach(include ->
						include.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode())));
			}
		} catch (IOException e) {
			throw new IllegalStateException("Cannot read " + DMT_VALUE_SET, e);
		}
		return codes;
	}
}

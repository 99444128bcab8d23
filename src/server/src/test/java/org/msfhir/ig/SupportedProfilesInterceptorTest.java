package org.msfhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.Test;

class SupportedProfilesInterceptorTest {

	private static final String EDSS = "http://msfhir.org/fhir/StructureDefinition/ms-edss";
	private static final String DIAGNOSIS = "http://msfhir.org/fhir/StructureDefinition/ms-diagnosis";

	@Test
	void addsEachProfileToItsResourceTypeOnce() {
		CapabilityStatement capabilities = new CapabilityStatement();
		var rest = capabilities.addRest();
		CapabilityStatementRestResourceComponent observation = rest.addResource().setType("Observation");
		observation.addSupportedProfile(EDSS); // already listed, e.g. by HAPI
		CapabilityStatementRestResourceComponent condition = rest.addResource().setType("Condition");
		CapabilityStatementRestResourceComponent patient = rest.addResource().setType("Patient");

		new SupportedProfilesInterceptor(() -> Map.of(
						"Observation", List.of(EDSS, "http://msfhir.org/fhir/StructureDefinition/ms-sdmt"),
						"Condition", List.of(DIAGNOSIS)))
				.addProfiles(capabilities);

		assertThat(observation.getSupportedProfile()).extracting(CanonicalType::getValue)
				.containsExactly(EDSS, "http://msfhir.org/fhir/StructureDefinition/ms-sdmt");
		assertThat(condition.getSupportedProfile()).extracting(CanonicalType::getValue).containsExactly(DIAGNOSIS);
		assertThat(patient.getSupportedProfile()).isEmpty();
	}
}

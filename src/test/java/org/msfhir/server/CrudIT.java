package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

class CrudIT extends PostgresIntegrationTest {

	@Test
	void createThenReadPatient() {
		Patient patient = new Patient();
		patient.addName().setFamily("Kurtzke").addGiven("Ada");
		MethodOutcome created = client().create().resource(patient).execute();
		assertThat(created.getCreated()).isTrue();

		Patient read = client().read().resource(Patient.class).withId(created.getId().getIdPart()).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Kurtzke");
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
	}
}

package org.msfhir.bulkexport.deid;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.msfhir.bulkexport.BulkExportProperties.DateMode;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;

class DeidentifierTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final byte[] KEY = "unit-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

	private static Deidentifier deidentifier(DateMode mode, String job) {
		return new Deidentifier(FHIR, new Pseudonymizer(KEY, job),
				new Deidentification("x", List.of(), mode, 180, 0), "https://fhir.example.org/fhir");
	}

	private static Observation observation() {
		Observation o = new Observation();
		o.setId("Observation/42");
		o.setSubject(new Reference("https://fhir.example.org/fhir/Patient/7").setDisplay("Jane Doe"));
		o.setEffective(new DateTimeType("2024-05-17T10:15:00Z"));
		o.addPerformer(new Reference("https://other.example.org/Practitioner/9"));
		o.setValue(new StringType("feels tired after the wedding in Davos"));
		o.addExtension(new Extension("http://example.org/ext", new StringType("free text")));
		return o;
	}

	@Test
	void referencesToThisServerArePseudonymisedOthersRemoved() {
		Observation o = observation();
		deidentifier(DateMode.SHIFT, "job1").apply(o);
		Pseudonymizer p = new Pseudonymizer(KEY, "job1");
		assertThat(o.getSubject().getReference()).isEqualTo("Patient/" + p.pseudonym("Patient", "7"));
		assertThat(o.getSubject().hasDisplay()).isFalse();
		assertThat(o.hasPerformer()).isFalse();
		assertThat(o.getIdElement().getIdPart()).isEqualTo(p.pseudonym("Observation", "42"));
		assertThat(o.hasValue()).isFalse();
		assertThat(o.hasExtension()).isFalse();
	}

	@Test
	void shiftUsesThePatientsOffset() {
		Observation o = observation();
		deidentifier(DateMode.SHIFT, "job1").apply(o);
		Condition c = new Condition();
		c.setId("Condition/1");
		c.setSubject(new Reference("Patient/7"));
		c.setOnset(new DateTimeType("2024-05-17T10:15:00Z"));
		deidentifier(DateMode.SHIFT, "job1").apply(c);
		assertThat(o.getEffectiveDateTimeType().getValueAsString()).isNotEqualTo("2024-05-17T10:15:00Z")
				.isEqualTo(c.getOnsetDateTimeType().getValueAsString());
		int offset = new Pseudonymizer(KEY, "job1").dayOffset("Patient/7", 180);
		assertThat(offset).isBetween(-180, 180).isNotZero();
	}

	@Test
	void monthAndYearModesGeneralise() {
		Observation month = observation();
		deidentifier(DateMode.MONTH, "job1").apply(month);
		assertThat(month.getEffectiveDateTimeType().getPrecision()).isEqualTo(TemporalPrecisionEnum.MONTH);
		assertThat(month.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-05");
		Observation year = observation();
		deidentifier(DateMode.YEAR, "job1").apply(year);
		assertThat(year.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024");
	}

	@Test
	void agesOver89ArePooled() {
		Observation o = new Observation();
		o.setId("Observation/1");
		o.setValue(new Age().setValue(93).setUnit("a"));
		deidentifier(DateMode.SHIFT, "job1").apply(o);
		assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("90");
		assertThat(o.getValueQuantity().getComparator().toCode()).isEqualTo(">=");
	}

	@Test
	void pseudonymsDependOnTheJob() {
		assertThat(new Pseudonymizer(KEY, "a").pseudonym("Patient", "7"))
				.isNotEqualTo(new Pseudonymizer(KEY, "b").pseudonym("Patient", "7"))
				.matches("[0-9a-f]{32}");
	}
}

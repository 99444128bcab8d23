package org.msfhir.bulkexport.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.msfhir.bulkexport.BulkExportProperties.DateMode;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;

class DeidentifierTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final byte[] KEY = "unit-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
	private static final String BASE = "https://fhir.example.org/fhir";

	private static Deidentification settings(DateMode mode, String secret, Map<String, List<String>> projects) {
		return new Deidentification(secret, List.of(), mode, 180, 0, projects, List.of());
	}

	private static Deidentifier deidentifier(DateMode mode, String project) {
		return new Deidentifier(FHIR, new Pseudonymizer(KEY, project), settings(mode, "x", Map.of()), BASE);
	}

	private static Observation observation() {
		Observation o = new Observation();
		o.setId("Observation/42");
		o.setSubject(new Reference(BASE + "/Patient/7").setDisplay("Jane Doe"));
		o.setEffective(new DateTimeType("2024-05-17T10:15:00Z"));
		o.addPerformer(new Reference("https://other.example.org/Practitioner/9"));
		o.setValue(new StringType("feels tired after the wedding in Davos"));
		o.addExtension(new Extension("http://example.org/ext", new StringType("free text")));
		return o;
	}

	private static long shiftOf(DateTimeType shifted, String original) {
		return ChronoUnit.DAYS.between(LocalDate.parse(original),
				LocalDate.parse(shifted.getValueAsString().substring(0, 10)));
	}

	@Test
	void referencesToThisServerArePseudonymisedOthersRemoved() {
		Observation o = observation();
		deidentifier(DateMode.SHIFT, "p1").apply(o);
		Pseudonymizer p = new Pseudonymizer(KEY, "p1");
		assertThat(o.getSubject().getReference()).isEqualTo("Patient/" + p.pseudonym("Patient", "7"));
		assertThat(o.getSubject().hasDisplay()).isFalse();
		assertThat(o.hasPerformer()).isFalse();
		assertThat(o.getIdElement().getIdPart()).isEqualTo(p.pseudonym("Observation", "42"));
		assertThat(o.hasValue()).isFalse();
		assertThat(o.hasExtension()).isFalse();
	}

	/** Resources naming a Practitioner (performer, participant, asserter) still use their patient's offset. */
	@Test
	void everyResourceIsShiftedByItsPatientsOffsetWhateverElseItReferences() {
		for (String patient : List.of("7", "8", "9")) {
			Observation edss = new Observation();
			edss.setId("Observation/e" + patient);
			edss.addPerformer(new Reference("Practitioner/shared-neurologist"));
			edss.setSubject(new Reference("Patient/" + patient));
			edss.setEffective(new DateTimeType("2024-05-17"));
			Encounter visit = new Encounter();
			visit.setId("Encounter/v" + patient);
			visit.addParticipant().setIndividual(new Reference("Practitioner/shared-neurologist"));
			visit.setSubject(new Reference("Patient/" + patient));
			visit.setPeriod(new Period().setStartElement(new DateTimeType("2024-05-17")));
			Condition relapse = new Condition();
			relapse.setId("Condition/r" + patient);
			relapse.setAsserter(new Reference("Practitioner/shared-neurologist"));
			relapse.setSubject(new Reference("Patient/" + patient));
			relapse.setOnset(new DateTimeType("2024-05-17"));
			DiagnosticReport mri = new DiagnosticReport();
			mri.setId("DiagnosticReport/m" + patient);
			mri.addPerformer(new Reference("Organization/radiology"));
			mri.setSubject(new Reference("Patient/" + patient));
			mri.setEffective(new DateTimeType("2024-05-17"));
			Deidentifier deid = deidentifier(DateMode.SHIFT, "p1");
			for (Resource r : List.<Resource>of(edss, visit, relapse, mri)) {
				deid.apply(r);
			}
			int offset = new Pseudonymizer(KEY, "p1").dayOffset("Patient/" + patient, 180);
			assertThat(shiftOf(edss.getEffectiveDateTimeType(), "2024-05-17")).isEqualTo(offset);
			assertThat(shiftOf(visit.getPeriod().getStartElement(), "2024-05-17")).isEqualTo(offset);
			assertThat(shiftOf(relapse.getOnsetDateTimeType(), "2024-05-17")).isEqualTo(offset);
			assertThat(shiftOf(mri.getEffectiveDateTimeType(), "2024-05-17")).isEqualTo(offset);
		}
	}

	@Test
	void sameProjectSamePseudonymsAndShiftsOtherProjectsUnrelated() {
		Observation first = observation();
		Observation again = observation();
		Observation other = observation();
		deidentifier(DateMode.SHIFT, "project:a").apply(first);
		deidentifier(DateMode.SHIFT, "project:a").apply(again);
		deidentifier(DateMode.SHIFT, "project:b").apply(other);
		assertThat(again.getSubject().getReference()).isEqualTo(first.getSubject().getReference());
		assertThat(again.getEffectiveDateTimeType().getValueAsString())
				.isEqualTo(first.getEffectiveDateTimeType().getValueAsString());
		assertThat(other.getSubject().getReference()).isNotEqualTo(first.getSubject().getReference());
	}

	@Test
	void birthYearFollowsTheShiftedDateAndOldAgesArePooled() {
		Patient young = new Patient();
		young.setId("Patient/7");
		young.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1979-12-30"));
		deidentifier(DateMode.SHIFT, "p1").apply(young);
		int offset = new Pseudonymizer(KEY, "p1").dayOffset("Patient/7", 180);
		assertThat(young.getBirthDateElement().getPrecision()).isEqualTo(TemporalPrecisionEnum.YEAR);
		assertThat(young.getBirthDateElement().getYear()).isEqualTo(LocalDate.parse("1979-12-30").plusDays(offset).getYear());

		Patient old = new Patient();
		old.setId("Patient/8");
		old.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1920-06-01"));
		deidentifier(DateMode.SHIFT, "p1").apply(old);
		assertThat(old.getBirthDateElement().getYear()).isEqualTo(LocalDate.now().getYear() - 90);
	}

	@Test
	void monthAndYearModesGeneralise() {
		Observation month = observation();
		deidentifier(DateMode.MONTH, "p1").apply(month);
		assertThat(month.getEffectiveDateTimeType().getPrecision()).isEqualTo(TemporalPrecisionEnum.MONTH);
		assertThat(month.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-05");
		Observation year = observation();
		deidentifier(DateMode.YEAR, "p1").apply(year);
		assertThat(year.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024");
	}

	@Test
	void agesOver89ArePooled() {
		Observation o = new Observation();
		o.setId("Observation/1");
		o.setValue(new Age().setValue(93).setUnit("a"));
		deidentifier(DateMode.SHIFT, "p1").apply(o);
		assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("90");
		assertThat(o.getValueQuantity().getComparator().toCode()).isEqualTo(">=");
	}

	@Test
	void onlyAllowListedElementsSurviveAnAdversarialRecord() {
		Patient patient = AdversarialRecords.patient();
		patient.setId("Patient/7");
		Observation observation = AdversarialRecords.observation("7", "9");
		observation.setId("Observation/1");
		Deidentifier deid = deidentifier(DateMode.SHIFT, "p1");
		deid.apply(patient);
		deid.apply(observation);
		for (Resource r : List.<Resource>of(patient, observation)) {
			String json = FHIR.newJsonParser().encodeResourceToString(r);
			assertThat(json.toLowerCase()).doesNotContain(AdversarialRecords.MARKER.toLowerCase())
					.doesNotContain("\"meta\"").doesNotContain("\"text\"").doesNotContain("http://example.org");
		}
		assertThat(patient.getGender()).isNotNull();
		assertThat(patient.getAddressFirstRep().getCountry()).isEqualTo("CH");
		assertThat(observation.getCode().getCoding()).singleElement().satisfies(c -> {
			assertThat(c.getSystem()).isEqualTo("http://msfhir.org/fhir/CodeSystem/ms-concepts");
			assertThat(c.getCode()).isEqualTo("edss");
		});
		assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("3.5");
		assertThat(observation.getValueQuantity().getCode()).isEqualTo("{score}");
		assertThat(observation.getPerformerFirstRep().getReference())
				.isEqualTo("Practitioner/" + new Pseudonymizer(KEY, "p1").pseudonym("Practitioner", "9"));
	}

	@Test
	void cohortGroupStaysValidWithItsCriteria() {
		Group group = new Group();
		group.setId("Group/5");
		group.setName("Dr Zebulon's cohort").setType(Group.GroupType.PERSON).setActual(true);
		group.addCharacteristic().setCode(new CodeableConcept().setText("diagnosis")).setExclude(false)
				.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "425500002", null)));
		group.addCharacteristic().setCode(new CodeableConcept().setText("Zebulon's secret criterion"))
				.setExclude(false).setValue(new BooleanType(true));
		group.addCharacteristic().setCode(new CodeableConcept().setText("evaluation-date")).setExclude(false)
				.setValue(new BooleanType(true)).setPeriod(new Period().setStartElement(new DateTimeType("2025-01-01")));
		group.addMember().setEntity(new Reference("Patient/7"));
		deidentifier(DateMode.SHIFT, "p1").apply(group);
		assertThat(group.hasName()).isFalse();
		assertThat(group.getCharacteristic()).hasSize(3).allSatisfy(c -> {
			assertThat(c.getCode().isEmpty()).isFalse();
			assertThat(c.hasValue()).isTrue();
		});
		assertThat(group.getCharacteristic()).extracting(c -> c.getCode().getText())
				.containsExactly("diagnosis", "criterion", "evaluation-date");
		assertThat(group.getCharacteristic().get(2).getPeriod().getStartElement().getValueAsString())
				.isEqualTo("2025-01-01");
		assertThat(group.getMemberFirstRep().getEntity().getReference())
				.isEqualTo("Patient/" + new Pseudonymizer(KEY, "p1").pseudonym("Patient", "7"));
	}

	@Test
	void pseudonymsDependOnTheProject() {
		assertThat(new Pseudonymizer(KEY, "a").pseudonym("Patient", "7"))
				.isNotEqualTo(new Pseudonymizer(KEY, "b").pseudonym("Patient", "7"))
				.matches("[0-9a-f]{32}");
	}

	@Test
	void withoutASecretDeidentificationIsRefusedOutsideDevelopmentMode() {
		DeidentifierFactory production = new DeidentifierFactory(FHIR, settings(DateMode.SHIFT, "", Map.of()), false);
		assertThat(production.available()).isFalse();
		assertThat(production.unavailableReason()).contains("msfhir.bulk-export.deidentification.secret");
		assertThatThrownBy(() -> production.create("client", BASE)).isInstanceOf(IllegalStateException.class);

		DeidentifierFactory development = new DeidentifierFactory(FHIR, settings(DateMode.SHIFT, "", Map.of()), true);
		assertThat(development.available()).isTrue();
		assertThat(development.create("client", BASE)).isNotNull();

		assertThatThrownBy(() -> new DeidentifierFactory(FHIR, settings(DateMode.SHIFT, "too-short", Map.of()), false))
				.hasMessageContaining("at least 16 characters");
	}

	@Test
	void clientsOfANamedProjectShareItsKey() {
		DeidentifierFactory factory = new DeidentifierFactory(FHIR,
				settings(DateMode.SHIFT, "a-secret-of-enough-length", Map.of("mstrial", List.of("app-a", "app-b"))), false);
		assertThat(factory.projectOf("app-a")).isEqualTo("mstrial");
		assertThat(factory.projectOf("app-c")).isEqualTo("app-c");
		Observation a = observation();
		Observation b = observation();
		Observation c = observation();
		factory.create("app-a", BASE).apply(a);
		factory.create("app-b", BASE).apply(b);
		factory.create("app-c", BASE).apply(c);
		assertThat(b.getSubject().getReference()).isEqualTo(a.getSubject().getReference());
		assertThat(c.getSubject().getReference()).isNotEqualTo(a.getSubject().getReference());

		assertThatThrownBy(() -> new DeidentifierFactory(FHIR, settings(DateMode.SHIFT, "a-secret-of-enough-length",
				Map.of("one", List.of("app-a"), "two", List.of("app-a"))), false))
				.hasMessageContaining("two projects");
	}
}

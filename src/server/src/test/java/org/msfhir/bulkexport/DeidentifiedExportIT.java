package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;

/**
 * A de-identified Group export, checked field by field, and a scan of every exported line for every
 * identifying value that went in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeidentifiedExportIT extends BulkExportTestBase {

	private static final String FAMILY = "Deidentifiable";
	private static final String GIVEN = "Henriette";
	private static final String CITY = "Winterthur";
	private static final String NOTE = "Patient mentioned her neighbour Mr Obermeyer";
	private static final String FREE_TEXT = "SPMS since the Lucerne skiing accident";
	private static final String DOSAGE_TEXT = "take with breakfast at Cafe Sprungli";

	private String patientId;
	private String oldPatientId;
	private final List<String> originalIds = new ArrayList<>();
	private String groupId;

	@BeforeAll
	void createData() {
		patientId = create(MsTestData.patient(FAMILY, GIVEN, "1981-06-15", CITY));
		oldPatientId = create(MsTestData.patient("Oldtimer", "Methusalem", "1925-03-03", "Chur"));
		Observation first = MsTestData.edss(patientId, 3.0, "2023-03-15T10:30:00+01:00");
		first.addNote(new Annotation().setText(NOTE));
		create(first);
		create(MsTestData.edss(patientId, 4.5, "2024-03-14T10:30:00+01:00"));
		Condition spms = MsTestData.diagnosis(patientId, MsTestData.SPMS, "Secondary progressive multiple sclerosis", "2019-07-01");
		spms.getCode().setText(FREE_TEXT);
		create(spms);
		MedicationStatement siponimod = MsTestData.medication(patientId, MsTestData.ATC, "L04AE03", "siponimod", "2021-02-01", null);
		siponimod.addDosage(new Dosage().setText(DOSAGE_TEXT));
		create(siponimod);
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + patientId));
		group.addMember().setEntity(new Reference("Patient/" + oldPatientId));
		groupId = create(group);
	}

	private String create(IBaseResource resource) {
		String id = client().create().resource(resource).execute().getId().getIdPart();
		originalIds.add(id);
		return id;
	}

	private JsonNode export() {
		return awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?deidentify=true")));
	}

	@Test
	void noIdentifyingValueSurvivesInAnyLine() {
		JsonNode manifest = export();
		assertThat(manifest.get("extension").get("http://msfhir.org/fhir/bulk-export/deidentified").asBoolean()).isTrue();
		List<String> forbidden = new ArrayList<>(List.of(
				FAMILY, GIVEN, CITY, "Oldtimer", "Methusalem", "Chur", "strasse", "MRN-", "urn:oid:1.2.36.146.595.217.0.1",
				"+41", "@mail.example", "8032", "<div", NOTE, FREE_TEXT, DOSAGE_TEXT,
				"1981-06-15", "2023-03-15", "2024-03-14", "2019-07-01", "2021-02-01", "1925",
				"\"text\"", "\"note\"", "\"identifier\"", "\"telecom\"", "\"name\"", "\"contact\"", "\"photo\""));
		for (String id : originalIds) {
			forbidden.add("/" + id + "\"");
			forbidden.add("\"id\":\"" + id + "\"");
		}
		int lines = 0;
		for (JsonNode output : manifest.get("output")) {
			for (String line : downloadLines(output.get("url").asText())) {
				lines++;
				for (String value : forbidden) {
					assertThat(line).as("exported line of %s", output.get("type").asText()).doesNotContain(value);
				}
			}
		}
		// 2 patients, 2 observations, 1 condition, 1 medication statement, and the Group itself
		// (Group.member puts a Group in its members' Patient compartments)
		assertThat(lines).isEqualTo(7);
	}

	@Test
	void fieldsAreRemovedGeneralisedOrPseudonymised() {
		Map<String, List<IBaseResource>> files = downloadAll(export());
		assertThat(files.get("Patient")).hasSize(2);
		Patient patient = (Patient) files.get("Patient").stream()
				.filter(p -> ((Patient) p).getBirthDateElement().getYear() > 1950).findFirst().orElseThrow();
		Patient old = (Patient) files.get("Patient").stream().filter(p -> p != patient).findFirst().orElseThrow();

		assertThat(patient.getIdElement().getIdPart()).matches("[0-9a-f]{32}").isNotEqualTo(patientId);
		assertThat(patient.hasName() || patient.hasTelecom() || patient.hasIdentifier() || patient.hasText()
				|| patient.hasContact() || patient.hasPhoto()).isFalse();
		assertThat(patient.getGender()).isNotNull();
		assertThat(patient.getAddress()).singleElement().satisfies(a -> {
			assertThat(a.getCountry()).isEqualTo("CH");
			assertThat(a.getPostalCode()).isEqualTo("80"); // postal-code-digits: 2 in the test settings
			assertThat(a.hasLine() || a.hasCity()).isFalse();
		});
		assertThat(patient.getBirthDateElement().getPrecision()).isEqualTo(TemporalPrecisionEnum.YEAR);
		assertThat(patient.getBirthDateElement().getYear()).isBetween(1980, 1982);
		// born 1925: older than 89, pooled into the birth year of a 90-year-old
		assertThat(old.getBirthDateElement().getYear()).isEqualTo(LocalDate.now().getYear() - 90);

		String pseudonymRef = "Patient/" + patient.getIdElement().getIdPart();
		List<Observation> edss = files.get("Observation").stream().map(Observation.class::cast).toList();
		assertThat(edss).hasSize(2).allSatisfy(o -> {
			assertThat(o.getSubject().getReference()).isEqualTo(pseudonymRef);
			assertThat(o.hasNote()).isFalse();
			assertThat(o.getIdElement().getIdPart()).matches("[0-9a-f]{32}");
			assertThat(o.getCode().getCoding()).extracting("code").contains("edss");
		});
		// the interval between the two EDSS visits stays true; the dates themselves moved
		List<LocalDate> dates = edss.stream()
				.map(o -> LocalDate.parse(o.getEffectiveDateTimeType().getValueAsString().substring(0, 10)))
				.sorted().toList();
		long offset = ChronoUnit.DAYS.between(LocalDate.parse("2023-03-15"), dates.get(0));
		assertThat(offset).isNotZero();
		assertThat(ChronoUnit.DAYS.between(dates.get(0), dates.get(1)))
				.isEqualTo(ChronoUnit.DAYS.between(LocalDate.parse("2023-03-15"), LocalDate.parse("2024-03-14")));

		Condition condition = (Condition) files.get("Condition").get(0);
		assertThat(condition.getSubject().getReference()).isEqualTo(pseudonymRef);
		CodeableConcept code = condition.getCode();
		assertThat(code.hasText()).isFalse();
		assertThat(code.getCodingFirstRep().getCode()).isEqualTo(MsTestData.SPMS);
		// displays are dropped: the code names the concept, and a display can hold anything
		assertThat(code.getCodingFirstRep().hasDisplay()).isFalse();
		// same patient, same offset
		LocalDate onset = LocalDate.parse(condition.getOnsetDateTimeType().getValueAsString().substring(0, 10));
		assertThat(ChronoUnit.DAYS.between(LocalDate.parse("2019-07-01"), onset)).isEqualTo(offset);

		MedicationStatement statement = (MedicationStatement) files.get("MedicationStatement").get(0);
		assertThat(statement.getSubject().getReference()).isEqualTo(pseudonymRef);
		assertThat(statement.getDosageFirstRep().hasText()).isFalse();
		assertThat(statement.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("L04AE03");
	}

	@Test
	void pseudonymsAreStableBetweenExportsOfTheProject() {
		String first = ids(downloadAll(export()).get("Patient")).stream().sorted().toList().toString();
		String second = ids(downloadAll(export()).get("Patient")).stream().sorted().toList().toString();
		assertThat(first).isEqualTo(second);
	}

	@Test
	void withoutTheParameterTheExportIsIdentified() {
		Map<String, List<IBaseResource>> files =
				downloadAll(awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?_type=Patient"))));
		assertThat(ids(files.get("Patient"))).containsExactlyInAnyOrder(patientId, oldPatientId);
	}
}

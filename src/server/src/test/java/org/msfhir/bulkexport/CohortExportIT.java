package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;

/**
 * Cohort files hold the cohort and nothing else: a Group export carries its own Group (valid, also
 * de-identified) and no other team's Group, a Patient export no Group unless asked, and the shared
 * Practitioner, Organization and Medication that the exported data references. Also the
 * {@code X-Progress} format and a narrow-scope export without {@code _type}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CohortExportIT extends BulkExportTestBase {

	private String cohortId;
	private String otherTeamGroupId;
	private String anna;
	private String practitionerId;
	private String organizationId;
	private String medicationId;

	@BeforeAll
	void createData() {
		practitionerId = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Cohortneuro")));
		organizationId = create(new Organization().setName("Cohort MRI centre"));
		medicationId = create(new Medication().setCode(new CodeableConcept(new Coding(MsTestData.ATC, "L04AE03", null))));
		create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Unreferenced")));
		anna = create(MsTestData.patient("Cohortfile", "Anna", "1982-01-01", "Thun"));
		String bea = create(MsTestData.patient("Cohortfile", "Bea", "1983-01-01", "Thun"));
		String outsider = create(MsTestData.patient("Cohortfile", "Outsider", "1984-01-01", "Thun"));
		Observation edss = MsTestData.edss(anna, 4.0, "2024-01-10");
		edss.addPerformer(new Reference("Practitioner/" + practitionerId));
		edss.addPerformer(new Reference("Organization/" + organizationId));
		create(edss);
		MedicationStatement statement = new MedicationStatement();
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		statement.setMedication(new Reference("Medication/" + medicationId));
		statement.setSubject(new Reference("Patient/" + bea));
		create(statement);

		Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true);
		cohort.addCharacteristic().setCode(new CodeableConcept().setText("diagnosis")).setExclude(false)
				.setValue(new CodeableConcept(new Coding(MsTestData.SNOMED, MsTestData.SPMS, null)));
		cohort.addCharacteristic().setCode(new CodeableConcept().setText("evaluation-date")).setExclude(false)
				.setValue(new BooleanType(true));
		cohort.addMember().setEntity(new Reference("Patient/" + anna));
		cohort.addMember().setEntity(new Reference("Patient/" + bea));
		cohortId = create(cohort);
		Group otherTeam = new Group().setType(Group.GroupType.PERSON).setActual(true).setName("Another team's cohort");
		otherTeam.addMember().setEntity(new Reference("Patient/" + anna));
		otherTeam.addMember().setEntity(new Reference("Patient/" + outsider));
		otherTeamGroupId = create(otherTeam);
	}

	private String create(IBaseResource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	@Test
	void groupExportCarriesItsGroupAndReferencedSharedDataButNoOtherGroup() {
		Map<String, List<IBaseResource>> files = downloadAll(awaitManifest(statusUrl(kickOff("Group/" + cohortId + "/$export"))));
		assertThat(ids(files.get("Group"))).containsExactly(cohortId);
		assertThat(ids(files.get("Patient"))).hasSize(2).doesNotContain(otherTeamGroupId);
		assertThat(ids(files.get("Practitioner"))).containsExactly(practitionerId);
		assertThat(ids(files.get("Organization"))).containsExactly(organizationId);
		assertThat(ids(files.get("Medication"))).containsExactly(medicationId);
	}

	@Test
	void deidentifiedGroupStaysValidAndReferencesMatchTheExportedResources() {
		Map<String, List<IBaseResource>> files =
				downloadAll(awaitManifest(statusUrl(kickOff("Group/" + cohortId + "/$export?deidentify=true"))));
		assertThat(files.get("Group")).singleElement().satisfies(r -> {
			Group group = (Group) r;
			assertThat(group.getCharacteristic()).hasSize(2).allSatisfy(c -> {
				assertThat(c.getCode().isEmpty()).isFalse();
				assertThat(c.hasValue()).isTrue();
				assertThat(c.hasExclude()).isTrue();
			});
			assertThat(group.getCharacteristic()).extracting(c -> c.getCode().getText())
					.containsExactly("diagnosis", "evaluation-date");
			assertThat(group.getMember()).extracting(m -> m.getEntity().getReferenceElement().getIdPart())
					.containsExactlyInAnyOrderElementsOf(ids(files.get("Patient")));
		});
		Observation edss = (Observation) files.get("Observation").get(0);
		assertThat(edss.getPerformer()).extracting(Reference::getReference).containsExactlyInAnyOrder(
				"Practitioner/" + ids(files.get("Practitioner")).get(0), "Organization/" + ids(files.get("Organization")).get(0));
		assertThat(((Practitioner) files.get("Practitioner").get(0)).hasName()).isFalse();
	}

	@Test
	void patientExportLeavesOutGroupsUnlessAsked() {
		Map<String, List<IBaseResource>> plain = downloadAll(awaitManifest(statusUrl(kickOff("Patient/$export"))));
		assertThat(plain).doesNotContainKey("Group");
		assertThat(ids(plain.get("Practitioner"))).contains(practitionerId);
		Map<String, List<IBaseResource>> asked =
				downloadAll(awaitManifest(statusUrl(kickOff("Patient/$export?_type=Patient,Group"))));
		assertThat(ids(asked.get("Group"))).contains(cohortId, otherTeamGroupId);
		assertThat(asked).doesNotContainKey("Practitioner");
	}

	@Test
	void progressSaysPercentageAndCounts() {
		String first = statusUrl(kickOff("$export"));
		String second = statusUrl(kickOff("$export?_type=Patient"));
		HttpResponse<String> poll = send(request(first).GET());
		if (poll.statusCode() == 202) {
			assertThat(poll.headers().firstValue("X-Progress").orElseThrow())
					.matches("\\d{1,3}% - ((counting resources)|([\\d,]+ of [\\d,]+ resources))");
		}
		HttpResponse<String> queued = send(request(second).GET());
		if (queued.statusCode() == 202) {
			assertThat(queued.headers().firstValue("X-Progress")).hasValue("0% - queued");
		}
		awaitManifest(first);
		awaitManifest(second);
	}

	@Test
	void narrowScopesWithoutTypeExportThePermittedTypes() {
		String token = tokenOf("narrow-researcher", "system/Patient.rs system/Observation.rs system/Group.rs");
		HttpResponse<String> kickOff = kickOffAs(token, "Group/" + cohortId + "/$export");
		JsonNode manifest = awaitManifestAs(token, statusUrl(kickOff));
		assertThat(manifest.get("output").findValuesAsText("type"))
				.contains("Patient", "Observation").allSatisfy(t -> assertThat(t).isIn("Patient", "Observation", "Group"));
		// naming an unreadable type is still refused
		assertThat(kickOffAs(token, "Group/" + cohortId + "/$export?_type=MedicationStatement").statusCode()).isEqualTo(403);
	}
}

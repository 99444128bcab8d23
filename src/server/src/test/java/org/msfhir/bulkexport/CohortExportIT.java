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
		Observation edss = (Observation) files.get("Observation").stream()
				.filter(o -> ((Observation) o).hasPerformer()).findFirst().orElseThrow();
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
		// the cohort's own client, with narrower scopes (a Group belongs to the client that made it)
		String token = tokenOf(TEST_CLIENT_ID, "system/Patient.rs system/Observation.rs system/Group.rs");
		HttpResponse<String> kickOff = kickOffAs(token, "Group/" + cohortId + "/$export");
		JsonNode manifest = awaitManifestAs(token, statusUrl(kickOff));
		assertThat(manifest.get("output").findValuesAsText("type"))
				.contains("Patient", "Observation").allSatisfy(t -> assertThat(t).isIn("Patient", "Observation", "Group"));
		// naming an unreadable type is still refused
		assertThat(kickOffAs(token, "Group/" + cohortId + "/$export?_type=MedicationStatement").statusCode()).isEqualTo(403);
	}

	@Test
	void absoluteReferencesToThisServerAreLocalReferences() {
		String dora = create(MsTestData.patient("Cohortfile", "Dora", "1985-01-01", "Thun"));
		Observation absolute = MsTestData.edss(dora, 5.0, "2024-06-01");
		absolute.setSubject(new Reference(baseUrl() + "/Patient/" + dora));
		String observationId = create(absolute);
		org.hl7.fhir.r4.model.Bundle found = client().search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId("Patient/" + dora)).returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute();
		assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(observationId);
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + dora));
		String groupId = create(group);
		Map<String, List<IBaseResource>> files =
				downloadAll(awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?_type=Observation"))));
		assertThat(ids(files.get("Observation"))).containsExactly(observationId);
	}

	@Test
	void sinceExportsListDeletionsOfTheCohortOnly() {
		String eve = create(MsTestData.patient("Cohortfile", "Eve", "1986-01-01", "Thun"));
		String stranger = create(MsTestData.patient("Cohortfile", "Stranger", "1987-01-01", "Thun"));
		String evesObservation = create(MsTestData.edss(eve, 3.0, "2024-03-01"));
		String strangersObservation = create(MsTestData.edss(stranger, 3.0, "2024-03-01"));
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + eve));
		String groupId = create(group);
		JsonNode baseline = awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?_type=Observation")));
		String since = java.net.URLEncoder.encode(baseline.get("transactionTime").asText(), java.nio.charset.StandardCharsets.UTF_8);
		client().delete().resourceById("Observation", evesObservation).execute();
		client().delete().resourceById("Observation", strangersObservation).execute();

		JsonNode increment = awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?_type=Observation&_since=" + since)));
		assertThat(increment.get("deleted")).singleElement().satisfies(file -> {
			assertThat(file.get("type").asText()).isEqualTo("Bundle");
			assertThat(downloadLines(file.get("url").asText())).singleElement().satisfies(line -> {
				org.hl7.fhir.r4.model.Bundle bundle = fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, line);
				assertThat(bundle.getType()).isEqualTo(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
				assertThat(bundle.getEntryFirstRep().getRequest().getMethod()).isEqualTo(org.hl7.fhir.r4.model.Bundle.HTTPVerb.DELETE);
				assertThat(bundle.getEntryFirstRep().getRequest().getUrl()).isEqualTo("Observation/" + evesObservation);
			});
		});
		JsonNode deidentified = awaitManifest(statusUrl(kickOff(
				"Group/" + groupId + "/$export?_type=Observation&deidentify=true&_since=" + since)));
		String line = downloadLines(deidentified.get("deleted").get(0).get("url").asText()).get(0);
		assertThat(line).doesNotContain(evesObservation).containsPattern("Observation/[0-9a-f]{32}");
	}
}

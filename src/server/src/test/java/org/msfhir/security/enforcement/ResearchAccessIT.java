package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * Research operations need a research grant: {@code $ms-cohort} and Group export are refused to
 * patient-confined tokens and clinicians, a researcher builds and exports (de-identified) its own
 * cohorts, and a cohort belongs to whoever made it: another researcher gets 404, cannot take it over
 * with a forged owner tag, and does not see it in a search.
 */
class ResearchAccessIT extends PostgresIntegrationTest {

	private String patient;
	private String alice;
	private String bob;

	@BeforeEach
	void researchers() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Patient p = new Patient();
		p.addName().setFamily("Cohort-" + tag);
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-01-01"));
		patient = client().create().resource(p).execute().getId().getIdPart();
		alice = tokenForUser("user/*.cruds", null, "alice-" + tag, "researcher", false);
		bob = tokenForUser("user/*.cruds", null, "bob-" + tag, "researcher", false);
	}

	@Test
	void aPatientAppOrAClinicianCannotRunResearchOperations() {
		for (String token : new String[] {
				tokenFor("patient/*.cruds", patient),
				tokenForUser("user/*.cruds", patient, "pat", "patient", true),
				tokenForUser("user/*.cruds", null, "doc", "clinician", false)}) {
			HttpResponse<String> cohort = post("Group/$ms-cohort", cohortCriteria(), token);
			assertThat(cohort.statusCode()).as(cohort.body()).isEqualTo(403);
			assertThat(cohort.body()).contains("OperationOutcome", "research operation");
		}
		String group = ok(post("Group/$ms-cohort", cohortCriteria(), alice));
		HttpResponse<String> export = send(anonymousRequest("Group/" + group + "/$export")
				.header("Authorization", "Bearer " + tokenFor("patient/*.rs", patient))
				.header("Accept", "application/fhir+json").header("Prefer", "respond-async"));
		assertThat(export.statusCode()).as(export.body()).isEqualTo(403);
		// A patient app does not write Groups either.
		Group list = new Group().setType(Group.GroupType.PERSON).setActual(true);
		list.addMember().setEntity(new Reference("Patient/" + patient));
		HttpResponse<String> created = send(anonymousRequest("Group")
				.header("Authorization", "Bearer " + tokenFor("patient/*.cruds", patient))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(list))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(403);
	}

	@Test
	void aPatientAppCannotUseTheAnalyticCriteriaOrCriteriaGroupsEither() {
		Parameters analytic = new Parameters();
		analytic.addParameter().setName("relapse-count-min").setValue(new IntegerType(1));
		analytic.addParameter().setName("exclude").addPart().setName("sex").setValue(new org.hl7.fhir.r4.model.CodeType("male"));
		HttpResponse<String> cohort = post("Group/$ms-cohort?dry-run=true", analytic, tokenFor("patient/*.cruds", patient));
		assertThat(cohort.statusCode()).as(cohort.body()).isEqualTo(403);
		assertThat(cohort.body()).contains("research operation");
	}

	@Test
	void aResearcherBuildsReEvaluatesAndExportsItsOwnCohortDeIdentified() {
		String group = ok(post("Group/$ms-cohort", cohortCriteria(), alice));
		HttpResponse<String> read = get("Group/" + group, alice);
		assertThat(read.statusCode()).isEqualTo(200);
		Group stored = fhirContext.newJsonParser().parseResource(Group.class, read.body());
		assertThat(stored.getMeta().getTag()).anySatisfy(t -> {
			assertThat(t.getSystem()).isEqualTo(GroupOwnership.TAG_SYSTEM);
			assertThat(t.getCode()).startsWith("user:alice-");
		});
		assertThat(post("Group/" + group + "/$ms-cohort", new Parameters(), alice).statusCode()).isEqualTo(200);
		HttpResponse<String> export = send(anonymousRequest("Group/" + group + "/$export")
				.header("Authorization", "Bearer " + alice)
				.header("Accept", "application/fhir+json").header("Prefer", "respond-async"));
		assertThat(export.statusCode()).as(export.body()).isEqualTo(202);
		assertThat(export.body()).contains("de-identified");
		// No identified patient data for a researcher without that grant.
		HttpResponse<String> patientRead = get("Patient/" + patient, alice);
		assertThat(patientRead.statusCode()).as(patientRead.body()).isEqualTo(403);
		assertThat(get("Observation?code=8310-5", alice).statusCode()).isEqualTo(403);
	}

	@Test
	void aCohortBelongsToItsOwner() {
		String group = ok(post("Group/$ms-cohort", cohortCriteria(), alice));
		HttpResponse<String> missing = get("Group/999999998", bob);
		HttpResponse<String> foreign = get("Group/" + group, bob);
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(foreign.body().replace(group, "X")).isEqualTo(missing.body().replace("999999998", "X"));
		assertThat(post("Group/" + group + "/$ms-cohort", new Parameters(), bob).statusCode()).isEqualTo(404);
		HttpResponse<String> export = send(anonymousRequest("Group/" + group + "/$export")
				.header("Authorization", "Bearer " + bob)
				.header("Accept", "application/fhir+json").header("Prefer", "respond-async"));
		assertThat(export.statusCode()).as(export.body()).isEqualTo(404);
		HttpResponse<String> search = get("Group?_id=" + group, bob);
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(search.body()).doesNotContain("\"Group/" + group);
		assertThat(get("Group?_id=" + group, alice).body()).contains("Group/" + group);

		// A forged owner tag is replaced by the real owner.
		Group forged = new Group().setType(Group.GroupType.PERSON).setActual(true);
		forged.getMeta().addTag().setSystem(GroupOwnership.TAG_SYSTEM).setCode("user:someone-else");
		HttpResponse<String> created = send(anonymousRequest("Group")
				.header("Authorization", "Bearer " + bob)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(forged))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Group bobs = fhirContext.newJsonParser().parseResource(Group.class, created.body());
		assertThat(bobs.getMeta().getTag()).filteredOn(t -> GroupOwnership.TAG_SYSTEM.equals(t.getSystem()))
				.singleElement().satisfies(t -> assertThat(t.getCode()).startsWith("user:bob-"));
		// The administrator (backend service with system/*.cruds) sees every cohort.
		assertThat(get("Group/" + group, fullAccessToken()).statusCode()).isEqualTo(200);
	}

	// --- helpers ---

	private static Parameters cohortCriteria() {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("name").setValue(new StringType("research-it"));
		parameters.addParameter().setName("age-min").setValue(new IntegerType(18));
		return parameters;
	}

	private String ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Parameters result = fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
		return result.getParameter("group").getResource().getIdElement().getIdPart();
	}

	private HttpResponse<String> get(String path, String token) {
		return send(anonymousRequest(path).header("Authorization", "Bearer " + token));
	}

	private HttpResponse<String> post(String path, Parameters body, String token) {
		return send(anonymousRequest(path)
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(body))));
	}
}

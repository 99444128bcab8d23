package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * A patient-confined token stays inside its patient's compartment: joins (chains, {@code _has})
 * that could test another patient's values are refused, included and linked resources of another
 * patient are left out, writes cannot point into another record, another patient's resources answer
 * 404 like missing ones, and a refused conditional delete names no other patient's resource. Next to
 * each attack, the proper use that keeps working.
 */
class CompartmentTightIT extends PostgresIntegrationTest {

	private String tag;
	private String patientA;
	private String patientB;
	private String practitioner;
	private String obsA;
	private String obsB;
	private String conditionB;
	private String tokenA;

	@BeforeEach
	void twoPatients() {
		tag = "ct-" + UUID.randomUUID().toString().substring(0, 8);
		patientA = create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Alpha-" + tag)));
		Patient b = new Patient();
		b.addName().setFamily("Beta-" + tag);
		b.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-03-04"));
		patientB = create(b);
		practitioner = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Doc-" + tag)));
		obsB = create(observation(patientB, 12345));
		conditionB = create(new Condition().setSubject(new Reference("Patient/" + patientB)));
		// A's panel points at B's result (data written by an unconfined client, e.g. a wrong import).
		Observation panel = observation(patientA, 1);
		panel.addHasMember(new Reference("Observation/" + obsB));
		panel.addPerformer(new Reference("Practitioner/" + practitioner));
		obsA = create(panel);
		tokenA = tokenFor("patient/*.cruds", patientA);
	}

	@Test
	void chainsAndReverseChainsIntoAnotherPatientsDataAreRefused() {
		for (String query : List.of(
				"Observation?has-member:Observation.value-quantity=gt12344&has-member:Observation.value-quantity=lt12346",
				"Observation?has-member.value-quantity=gt12344",
				"Observation?focus:Patient.birthdate=1970-03-04",
				"Observation?subject.name=Beta-" + tag,
				"Observation?_has:Observation:has-member:value-quantity=gt0",
				"Patient?_has:Condition:subject:code=x")) {
			HttpResponse<String> response = get(query, tokenA);
			assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(403);
			assertThat(response.body()).contains("OperationOutcome", "search parameter");
		}
		// Chains into shared reference data keep working, and find A's panel.
		HttpResponse<String> shared = get("Observation?performer:Practitioner.name=Doc-" + tag, tokenA);
		assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
		assertThat(ids(shared)).containsExactly("Observation/" + obsA);
		// An unconfined clinician may still chain freely.
		HttpResponse<String> clinician = get("Observation?has-member.value-quantity=gt12344", fullAccessToken());
		assertThat(clinician.statusCode()).isEqualTo(200);
		assertThat(ids(clinician)).contains("Observation/" + obsA);
	}

	@Test
	void queryRestrictedScopesApplyToChainTargets() {
		String token = tokenFor("user/Observation.rs?category=vital-signs user/DiagnosticReport.rs", null);
		HttpResponse<String> chain = get("DiagnosticReport?result.value-quantity=gt12344", token);
		assertThat(chain.statusCode()).as(chain.body()).isEqualTo(403);
		assertThat(chain.body()).contains("query restriction");
		assertThat(get("DiagnosticReport?status=final", token).statusCode()).isEqualTo(200);
	}

	@Test
	void includesAndEverythingLeaveOutAnotherPatientsData() {
		HttpResponse<String> included = get("Observation?_id=" + obsA + "&_include=Observation:has-member", tokenA);
		assertThat(included.statusCode()).as(included.body()).isEqualTo(200);
		assertThat(ids(included)).contains("Observation/" + obsA).doesNotContain("Observation/" + obsB);

		HttpResponse<String> everything = get("Patient/" + patientA + "/$everything", tokenA);
		assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
		assertThat(ids(everything)).contains("Patient/" + patientA, "Observation/" + obsA)
				.doesNotContain("Observation/" + obsB, "Patient/" + patientB);
	}

	@Test
	void writesMayReferenceOnlyTheOwnCompartmentAndSharedData() {
		Observation intoB = observation(patientA, 2);
		intoB.addHasMember(new Reference("Observation/" + obsB));
		assertRefused(post("Observation", intoB, tokenA));

		Observation performerB = observation(patientA, 3);
		performerB.addPerformer(new Reference("Patient/" + patientB));
		assertRefused(post("Observation", performerB, tokenA));

		Observation focusB = observation(patientA, 4);
		focusB.addFocus(new Reference("Condition/" + conditionB));
		HttpResponse<String> foreign = post("Observation", focusB, tokenA);
		assertRefused(foreign);
		// A missing target answers the same way: the refusal tells nothing about which ids exist.
		Observation focusMissing = observation(patientA, 4);
		focusMissing.addFocus(new Reference("Condition/no-such-" + tag));
		HttpResponse<String> missing = post("Observation", focusMissing, tokenA);
		assertRefused(missing);
		assertThat(missing.body().replace("no-such-" + tag, "X")).isEqualTo(foreign.body().replace(conditionB, "X"));

		// The same inside a transaction: refused, and nothing of it is stored.
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Observation fine = observation(patientA, 5).setStatus(Observation.ObservationStatus.PRELIMINARY);
		fine.getCode().setText("tx-" + tag);
		transaction.addEntry().setResource(fine).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		transaction.addEntry().setResource(intoB).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		assertRefused(post("", transaction, tokenA));
		assertThat(ids(get("Observation?code:text=tx-" + tag, fullAccessToken()))).isEmpty();

		// Proper use: the own patient, the own results and shared reference data.
		Observation own = observation(patientA, 6);
		own.addHasMember(new Reference("Observation/" + obsA));
		own.addPerformer(new Reference("Practitioner/" + practitioner));
		own.addPerformer(new Reference("Patient/" + patientA));
		HttpResponse<String> created = post("Observation", own, tokenA);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void anotherPatientsResourceAnswersLikeAMissingOne() {
		HttpResponse<String> foreign = get("Observation/" + obsB, tokenA);
		HttpResponse<String> missing = get("Observation/999999999", tokenA);
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(foreign.body().replace(obsB, "X")).isEqualTo(missing.body().replace("999999999", "X"));
		assertThat(get("Patient/" + patientB, tokenA).statusCode()).isEqualTo(404);
		assertThat(get("Patient/" + patientA, tokenA).statusCode()).isEqualTo(200);
		assertThat(get("Observation/" + obsA, tokenA).statusCode()).isEqualTo(200);
	}

	@Test
	void aRefusedConditionalDeleteNamesNoOtherPatientsResource() {
		Observation onlyB = observation(patientB, 7);
		onlyB.getCode().setText("cd-" + tag);
		String idB = create(onlyB);
		HttpResponse<String> delete = send(anonymousRequest("Observation?code:text=cd-" + tag)
				.header("Authorization", "Bearer " + tokenA).DELETE());
		assertThat(delete.statusCode()).as(delete.body()).isEqualTo(403);
		assertThat(delete.body()).contains("patient=Patient/" + patientA).doesNotContain(idB);
		assertThat(get("Observation/" + idB, fullAccessToken()).statusCode()).isEqualTo(200);

		// naming another patient, or the own one OR another, is refused the same way
		for (String search : new String[] {"patient=Patient/" + patientB, "patient=Patient/" + patientA + ",Patient/" + patientB,
				"patient=Patient/" + patientA + "&patient:missing=true"}) {
			HttpResponse<String> crafted = send(anonymousRequest("Observation?code:text=cd-" + tag + "&" + search)
					.header("Authorization", "Bearer " + tokenA).DELETE());
			assertThat(crafted.statusCode()).as(search + ": " + crafted.body()).isEqualTo(403);
		}
		assertThat(get("Observation/" + idB, fullAccessToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void aConditionalDeleteLimitedToTheOwnPatientDeletesOnlyItsOwnResource() {
		Observation onlyB = observation(patientB, 7);
		onlyB.getCode().setText("cd2-" + tag);
		String idB = create(onlyB);
		Observation ownA = observation(patientA, 8);
		ownA.getCode().setText("cd2-" + tag);
		String idA = create(ownA);
		HttpResponse<String> delete = send(anonymousRequest("Observation?code:text=cd2-" + tag + "&patient=Patient/" + patientA)
				.header("Authorization", "Bearer " + tokenA).DELETE());
		assertThat(delete.statusCode()).as(delete.body()).isBetween(200, 204);
		assertThat(get("Observation/" + idA, fullAccessToken()).statusCode()).isEqualTo(410);
		assertThat(get("Observation/" + idB, fullAccessToken()).statusCode()).isEqualTo(200);
	}

	// --- helpers ---

	private static Observation observation(String patient, double value) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8310-5");
		observation.setSubject(new Reference("Patient/" + patient));
		observation.setValue(new Quantity().setValue(value).setUnit("1"));
		return observation;
	}

	private String create(Resource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	private HttpResponse<String> get(String path, String token) {
		return send(anonymousRequest(path).header("Authorization", "Bearer " + token));
	}

	private HttpResponse<String> post(String path, Resource resource, String token) {
		String url = path.isEmpty() ? baseUrl() : path;
		return send(anonymousRequest(url)
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(resource))));
	}

	private static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("OperationOutcome", "compartment of Patient/");
	}

	private List<String> ids(HttpResponse<String> response) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		return bundle.getEntry().stream()
				.map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toList();
	}
}

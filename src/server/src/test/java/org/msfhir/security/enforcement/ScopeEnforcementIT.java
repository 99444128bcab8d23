package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.PostgresIntegrationTest;

/** 403 bodies, audit of access decisions, AuditEvent access, metadata, unconfined user/system scopes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeEnforcementIT extends PostgresIntegrationTest {

	private static final String RUN = Long.toString(System.nanoTime(), 36);
	private static final String A = "enfa" + RUN;
	private static final String B = "enfb" + RUN;

	@BeforeAll
	void patients() {
		for (String id : List.of(A, B)) {
			Patient patient = new Patient();
			patient.setId(id);
			patient.addName().setFamily("Enforcement" + id);
			client().update().resource(patient).execute();
			client().update().resource(ScopeMatrixIT.observation(id + "-lab", id, ScopeMatrixIT.LAB, "lab-1")).execute();
		}
	}

	@Test
	void metadataIsPublic() {
		HttpResponse<String> response = send(anonymousRequest("metadata"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("CapabilityStatement");
	}

	@Test
	void missingScopeIsRefusedWithOperationOutcomeNamingTheScope() {
		HttpResponse<String> response = send(as("patient/Patient.rs", A, "Observation?patient=Patient/" + A));
		assertThat(response.statusCode()).isEqualTo(403);
		OperationOutcome outcome = outcome(response);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(outcome.getIssueFirstRep().getDiagnostics())
				.contains("search-type Observation")
				.contains("patient/Observation.s")
				.contains("patient/Patient.rs");
	}

	@Test
	void goodCaseWithTheScopeIsAllowed() {
		HttpResponse<String> response = send(as("patient/Observation.rs", A, "Observation?patient=Patient/" + A));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(A + "-lab");
	}

	@Test
	void resourceOutsideTheCompartmentAnswersLikeAMissingOne() {
		HttpResponse<String> response = send(as("patient/Observation.rs", A, "Observation/" + B + "-lab"));
		HttpResponse<String> missing = send(as("patient/Observation.rs", A, "Observation/" + B + "-nothing"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics())
				.isEqualTo(outcome(missing).getIssueFirstRep().getDiagnostics().replace("-nothing", "-lab"));
	}

	@Test
	void patientScopeWithoutPatientClaimGrantsNothing() {
		HttpResponse<String> response = send(as("patient/Observation.rs", null, "Observation/" + A + "-lab"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("without a patient context");
	}

	@Test
	void unconfinedUserAndSystemScopesReachEveryPatient() {
		assertThat(send(as("user/*.rs", null, "Patient/" + B)).statusCode()).isEqualTo(200);
		assertThat(send(as("system/Observation.rs", null, "Observation/" + B + "-lab")).statusCode()).isEqualTo(200);
		assertThat(send(as("system/Observation.rs", null, "Patient/" + B)).statusCode()).isEqualTo(403);
	}

	@Test
	void transactionEntryWithoutScopeRefusesTheWholeBundle() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Condition condition = new Condition().setSubject(new Reference("Patient/" + A));
		condition.getCode().setText("refused condition " + RUN);
		bundle.addEntry().setFullUrl("urn:uuid:c1").setResource(condition)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
		HttpResponse<String> response = send(withToken("patient/Observation.cruds", A, anonymousRequest(baseUrl()))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(bundle))));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics())
				.contains("Bundle entry 0")
				.contains("create Condition")
				.contains("patient/Condition.c");
		Bundle found = client().search().forResource(Condition.class)
				.where(Condition.SUBJECT.hasId("Patient/" + A)).returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).isEmpty();
	}

	@Test
	void conditionalCreateDoesNotFindAnotherPatientsResource() {
		org.hl7.fhir.r4.model.Observation ofB = ScopeMatrixIT.observation(null, B, ScopeMatrixIT.LAB, "lab-1");
		ofB.addIdentifier().setSystem("urn:test:cond").setValue("c-" + RUN);
		client().create().resource(ofB).execute();
		org.hl7.fhir.r4.model.Observation ofA = ScopeMatrixIT.observation(null, A, ScopeMatrixIT.LAB, "lab-1");
		ofA.addIdentifier().setSystem("urn:test:cond").setValue("c-" + RUN); // must satisfy the condition
		String mine = fhirContext.newJsonParser().encodeResourceToString(ofA);
		HttpResponse<String> response = send(withToken("patient/Observation.cruds", A, anonymousRequest("Observation"))
				.header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "identifier=urn:test:cond%7Cc-" + RUN)
				.header("Prefer", "return=representation")
				.POST(HttpRequest.BodyPublishers.ofString(mine)));
		// the match (B's observation) is outside A's compartment: a new observation is created for A
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).doesNotContain(ScopeMatrixIT.secret(B)).contains(ScopeMatrixIT.secret(A));
	}

	@Test
	void validateNeedsAWriteScope() {
		String observation = fhirContext.newJsonParser().encodeResourceToString(
				ScopeMatrixIT.observation(null, A, ScopeMatrixIT.LAB, "lab-1"));
		HttpResponse<String> readOnly = send(withToken("patient/Observation.rs", A,
						anonymousRequest("Observation/$validate"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(observation)));
		assertThat(readOnly.statusCode()).isEqualTo(403);
		assertThat(outcome(readOnly).getIssueFirstRep().getDiagnostics()).contains("$validate Observation");
		HttpResponse<String> writer = send(withToken("patient/Observation.cu", A, anonymousRequest("Observation/$validate"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(observation)));
		assertThat(writer.statusCode()).as(writer.body()).isIn(200, 412, 422);
	}

	@Test
	void auditEventsNeedAScopeThatNamesThem() {
		HttpResponse<String> wildcard = send(as("system/*.rs", null, "AuditEvent?_count=1"));
		assertThat(wildcard.statusCode()).isEqualTo(403);
		assertThat(outcome(wildcard).getIssueFirstRep().getDiagnostics()).contains("AuditEvent");
		HttpResponse<String> explicit = send(as("system/AuditEvent.rs", null, "AuditEvent?_count=1"));
		assertThat(explicit.statusCode()).isEqualTo(200);
	}

	@Test
	void refusedAndAllowedAccessAreRecordedAsAuditEvents() throws InterruptedException {
		Patient audited = new Patient();
		audited.addName().setFamily("Audited" + RUN);
		String id = client().create().resource(audited).execute().getId().getIdPart();
		String target = "Patient/" + id;
		assertThat(send(as("patient/Patient.rs", id, target)).statusCode()).isEqualTo(200);
		assertThat(send(as("patient/Patient.rs", A, target)).statusCode()).isEqualTo(404);

		List<AuditEvent> events = List.of();
		for (int attempt = 0; attempt < 60; attempt++) {
			// no-cache: HAPI would otherwise answer a repeated search from its result cache
			HttpResponse<String> response = send(as("system/AuditEvent.rs", null,
							"AuditEvent?entity-name=" + target + "&subtype=read&_count=50")
					.header("Cache-Control", "no-cache"));
			assertThat(response.statusCode()).isEqualTo(200);
			events = fhirContext.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
					.map(e -> (AuditEvent) e.getResource())
					.filter(e -> e.getEntity().stream().anyMatch(en -> target.equals(en.getName())))
					.toList();
			if (events.size() >= 2) {
				break;
			}
			Thread.sleep(500);
		}
		assertThat(events).extracting(AuditEvent::getOutcome)
				.contains(AuditEvent.AuditEventOutcome._0, AuditEvent.AuditEventOutcome._4);
		AuditEvent refused = events.stream()
				.filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4)
				.findFirst()
				.orElseThrow();
		assertThat(refused.getOutcomeDesc()).startsWith("refused").contains("confined to Patient/" + A);
		assertThat(refused.getAgentFirstRep().getName()).isEqualTo(TEST_CLIENT_ID);
		assertThat(refused.getSubtypeFirstRep().getCode()).isEqualTo("read");
		assertThat(refused.getEntity()).extracting(AuditEvent.AuditEventEntityComponent::getName)
				.contains("Patient/" + A); // the token's patient context
		AuditEvent allowed = events.stream()
				.filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._0)
				.findFirst()
				.orElseThrow();
		assertThat(allowed.getOutcomeDesc()).startsWith("allowed").contains("HTTP 200");
	}

	@Test
	void fullAccessCannotRewriteTheAuditTrail() {
		HttpResponse<String> response = send(request("AuditEvent?_count=1"));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	private HttpRequest.Builder as(String scopes, String patient, String path) {
		return withToken(scopes, patient, anonymousRequest(path).GET());
	}

	private HttpRequest.Builder withToken(String scopes, String patient, HttpRequest.Builder builder) {
		return builder.header("Authorization", "Bearer " + tokenFor(scopes, patient))
				.header("Accept", "application/fhir+json");
	}

	private OperationOutcome outcome(HttpResponse<String> response) {
		return fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}
}

package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.parse;
import static org.msfhir.support.Http.unique;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * {@code Prefer: return=minimal} on a transaction or batch: entries keep status and location and lose
 * HAPI's informational outcome; outcomes that say more (a failed batch entry) stay; without the
 * header, or with {@code return=OperationOutcome}, the answer is unchanged.
 */
class MinimalTransactionAnswerIT extends PostgresIntegrationTest {

	private static final String SYSTEM = "urn:msfhir:test:minimal";

	@Test
	void minimalAnswerKeepsStatusAndLocationWithoutInformationalOutcomes() {
		HttpResponse<String> minimal = post(transaction(), "return=minimal");
		HttpResponse<String> full = post(transaction(), null);

		assertThat(minimal.statusCode()).isEqualTo(200);
		Bundle answer = parse(minimal, Bundle.class);
		assertThat(answer.getEntry()).hasSize(2).allSatisfy(entry -> {
			assertThat(entry.getResponse().getStatus()).startsWith("201");
			assertThat(entry.getResponse().getLocation()).matches("(Patient|Observation)/[^/]+/_history/1");
			assertThat(entry.getResponse().hasOutcome()).isFalse();
		});
		assertThat(parse(full, Bundle.class).getEntry())
				.allSatisfy(entry -> assertThat(informational(entry)).isTrue());
		assertThat(minimal.body().length()).isLessThan(full.body().length() / 2);

		String observationId = answer.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");
		Observation stored = client().read().resource(Observation.class).withId(observationId).execute();
		assertThat(stored.getSubject().getReference())
				.isEqualTo(answer.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", ""));
	}

	@Test
	void outcomeAskedForIsKept() {
		Bundle answer = parse(post(transaction(), "return=OperationOutcome"), Bundle.class);
		assertThat(answer.getEntry()).allSatisfy(entry -> assertThat(informational(entry)).isTrue());
	}

	@Test
	void failedBatchEntryKeepsItsOutcome() {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(patient()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/no-such-patient-" + unique("x").substring(2, 10));

		Bundle answer = parse(post(batch, "return=minimal"), Bundle.class);
		assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(answer.getEntry().get(0).getResponse().hasOutcome()).isFalse();
		assertThat(answer.getEntry().get(1).getResponse().getStatus()).startsWith("404");
		OperationOutcome failure = (OperationOutcome) answer.getEntry().get(1).getResponse().getOutcome();
		assertThat(failure.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
	}

	private HttpResponse<String> post(Bundle bundle, String prefer) {
		var request = request(baseUrl()).header("Content-Type", FHIR_JSON)
				.POST(body(fhirContext.newJsonParser().encodeResourceToString(bundle)));
		if (prefer != null) {
			request.header("Prefer", prefer);
		}
		return send(request);
	}

	private static boolean informational(Bundle.BundleEntryComponent entry) {
		return entry.getResponse().getOutcome() instanceof OperationOutcome outcome
				&& !outcome.getIssue().isEmpty()
				&& outcome.getIssue().stream().allMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.INFORMATION);
	}

	private static Bundle transaction() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setFullUrl("urn:uuid:minimal-patient").setResource(patient())
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().setText("walking test");
		observation.getSubject().setReference("urn:uuid:minimal-patient");
		bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		return bundle;
	}

	private static Patient patient() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(SYSTEM).setValue(unique("mrn"));
		return patient;
	}
}

package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;
import static org.msfhir.support.Http.diagnostics;
import static org.msfhir.support.Http.unique;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import com.google.common.hash.Hashing;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** Transaction bundles (all or nothing, with urn:uuid references) and batch bundles (each on its own). */
class BundleIT extends PostgresIntegrationTest {

	private static final String SYSTEM = "urn:msfhir:test:bundle";

	@Autowired
	private DataSource dataSource;

	@Test
	void transactionCreatesEverythingAndResolvesUrnReferences() {
		String mrn = unique("mrn");
		Bundle response = client().transaction().withBundle(transaction(mrn, "urn:uuid:patient-1")).execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
		assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));
		String patientId = response.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
		Bundle observations = client().search()
				.byUrl("Observation?subject=" + patientId).returnBundle(Bundle.class).execute();
		assertThat(observations.getEntry()).hasSize(1);
		assertThat(((Observation) observations.getEntryFirstRep().getResource()).getSubject().getReference())
				.isEqualTo(patientId);
	}

	/**
	 * The server skips HAPI's first, throw-away index extraction in transactions
	 * (TransactionIndexingExtractor): the indexes of resources written by a transaction must still
	 * be complete, and must follow later updates (stale index rows would keep old values findable).
	 */
	@Test
	void indexesOfTransactionResourcesAreCompleteAndFollowLaterUpdates() {
		String mrn = unique("mrn");
		String oldName = "Oldname" + mrn.substring(4, 12);
		String newName = "Newname" + mrn.substring(4, 12);
		Bundle bundle = transaction(mrn, "urn:uuid:patient-3");
		((Patient) bundle.getEntry().get(0).getResource()).addName().setFamily(oldName);
		Observation observation = (Observation) bundle.getEntry().get(1).getResource();
		observation.getCode().addCoding().setSystem(SYSTEM).setCode("old-" + mrn);
		Bundle response = client().transaction().withBundle(bundle).execute();
		String patientId = response.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
		String observationId = response.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

		assertThat(count("Patient?family=" + oldName)).isEqualTo(1);
		assertThat(count("Patient?identifier=" + SYSTEM + "|" + mrn)).isEqualTo(1);
		assertThat(count("Observation?code=" + SYSTEM + "|old-" + mrn)).isEqualTo(1);
		assertThat(count("Observation?subject=" + patientId + "&code=" + SYSTEM + "|old-" + mrn)).isEqualTo(1);

		Patient patient = client().read().resource(Patient.class).withId(patientId).execute();
		patient.getNameFirstRep().setFamily(newName);
		client().update().resource(patient).execute();
		Observation stored = client().read().resource(Observation.class).withId(observationId).execute();
		stored.getCode().getCodingFirstRep().setCode("new-" + mrn);
		client().update().resource(stored).execute();

		assertThat(count("Patient?family=" + oldName)).as("old name still indexed").isZero();
		assertThat(count("Patient?family=" + newName)).isEqualTo(1);
		assertThat(count("Observation?code=" + SYSTEM + "|old-" + mrn)).as("old code still indexed").isZero();
		assertThat(count("Observation?code=" + SYSTEM + "|new-" + mrn)).isEqualTo(1);
	}

	/**
	 * The server skips the encoding HAPI throws away in the first pass of a transaction
	 * (TransactionFirstPassHistoryCalculator, pinned as wired by OverridesWiringIT): what is stored must be the final text, with resolved
	 * references, and its hash, so that a client re-sending the unchanged resource gets no new version.
	 */
	@Test
	void transactionStoresTheResolvedTextAndItsHash() throws Exception {
		String mrn = unique("mrn");
		Bundle response = client().transaction().withBundle(transaction(mrn, "urn:uuid:patient-6")).execute();
		String patientId = response.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
		String observationId = response.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select v.res_text_vc, r.hash_sha256 from hfj_res_ver v join hfj_resource r on r.res_id = v.res_id"
								+ " where r.res_type = 'Observation' and r.fhir_id = ? and v.res_ver = 1")) {
			statement.setString(1, observationId.substring("Observation/".length()));
			try (ResultSet row = statement.executeQuery()) {
				assertThat(row.next()).isTrue();
				String text = row.getString(1);
				assertThat(text).contains("\"reference\":\"" + patientId + "\"").doesNotContain("urn:uuid");
				assertThat(row.getString(2)).isEqualTo(Hashing.sha256().hashUnencodedChars(text).toString());
			}
		}

		Observation stored = client().read().resource(Observation.class).withId(observationId).execute();
		String version = client().update().resource(stored).execute().getId().getVersionIdPart();
		assertThat(version).as("an unchanged resource sent again is not a new version").isEqualTo("1");
		stored.getCode().setText("walking test, repeated");
		assertThat(client().update().resource(stored).execute().getId().getVersionIdPart()).isEqualTo("2");
	}

	/** Conditional create, an update of a stored resource and a conditional reference, in one transaction. */
	@Test
	void transactionWithConditionalEntriesAndAnUpdateKeepsIndexesRight() {
		String mrn = unique("mrn");
		Bundle first = transaction(mrn, "urn:uuid:patient-4");
		Observation observation = (Observation) first.getEntry().get(1).getResource();
		observation.getCode().addCoding().setSystem(SYSTEM).setCode("before-" + mrn);
		Bundle created = client().transaction().withBundle(first).execute();
		String patientId = created.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
		String observationId = created.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

		Bundle second = new Bundle();
		second.setType(Bundle.BundleType.TRANSACTION);
		second.addEntry().setFullUrl("urn:uuid:patient-5").setResource(patient(mrn)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=" + SYSTEM + "|" + mrn);
		Observation update = client().read().resource(Observation.class).withId(observationId).execute();
		update.getCode().getCodingFirstRep().setCode("after-" + mrn);
		second.addEntry().setResource(update).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(observationId);
		Observation added = new Observation();
		added.setStatus(Observation.ObservationStatus.FINAL);
		added.getCode().addCoding().setSystem(SYSTEM).setCode("added-" + mrn);
		added.getSubject().setReference("Patient?identifier=" + SYSTEM + "|" + mrn);
		second.addEntry().setResource(added).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		Bundle response = client().transaction().withBundle(second).execute();

		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("200");
		assertThat(count("Patient?identifier=" + SYSTEM + "|" + mrn)).as("no duplicate patient").isEqualTo(1);
		assertThat(count("Observation?code=" + SYSTEM + "|before-" + mrn)).as("old code still indexed").isZero();
		assertThat(count("Observation?code=" + SYSTEM + "|after-" + mrn)).isEqualTo(1);
		assertThat(count("Observation?subject=" + patientId + "&code=" + SYSTEM + "|added-" + mrn))
				.as("conditional reference resolved to the stored patient").isEqualTo(1);
		assertThat(count("Observation?subject=" + patientId)).isEqualTo(2);
	}

	@Test
	void transactionWithOneBadEntryWritesNothing() {
		String mrn = unique("mrn");
		Bundle bundle = transaction(mrn, "urn:uuid:patient-2");
		// A third entry refers to a Patient that does not exist: the whole transaction must fail.
		Observation bad = new Observation();
		bad.setStatus(Observation.ObservationStatus.FINAL);
		bad.getCode().setText("bad");
		bad.getSubject().setReference("Patient/does-not-exist-" + mrn.substring(4, 12));
		bundle.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		HttpResponse<String> response = send(request(baseUrl())
				.header("Content-Type", FHIR_JSON)
				.POST(body(fhirContext.newJsonParser().encodeResourceToString(bundle))));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(diagnostics(response)).contains("does-not-exist").contains("not found");
		Bundle patients = client().search().byUrl("Patient?identifier=" + SYSTEM + "|" + mrn)
				.returnBundle(Bundle.class).execute();
		assertThat(patients.getEntry()).as("the good Patient entry must not have been stored").isEmpty();
	}

	@Test
	void batchProcessesEachEntryOnItsOwn() {
		String mrn = unique("mrn");
		Bundle batch = new Bundle();
		batch.setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(patient(mrn)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/no-such-patient-" + mrn.substring(4, 12));

		Bundle response = client().transaction().withBundle(batch).execute();
		assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
		Bundle patients = client().search().byUrl("Patient?identifier=" + SYSTEM + "|" + mrn)
				.returnBundle(Bundle.class).execute();
		assertThat(patients.getEntry()).as("the good entry is stored although the other failed").hasSize(1);
	}

	private int count(String search) {
		// no-cache: HAPI would otherwise answer a repeated search from its cache of earlier results
		return client().search().byUrl(search).cacheControl(new CacheControlDirective().setNoCache(true))
				.returnBundle(Bundle.class).execute().getEntry().size();
	}

	private static Bundle transaction(String mrn, String patientUrn) {
		Bundle bundle = new Bundle();
		bundle.setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setFullUrl(patientUrn).setResource(patient(mrn))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().setText("walking test");
		observation.getSubject().setReference(patientUrn);
		bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		return bundle;
	}

	private static Patient patient(String mrn) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(SYSTEM).setValue(mrn);
		return patient;
	}
}

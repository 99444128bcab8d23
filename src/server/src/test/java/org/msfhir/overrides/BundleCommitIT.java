package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.msfhir.support.Http.unique;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.engine.spi.SessionImplementor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Transaction bundles commit without Hibernate's second dirty check ({@link BundleCommitTransactionService}).
 * The tests run with {@code hapi.fhir.check-bundle-commit} on, so every transaction of the suite checks
 * that nothing changed after HAPI's last flush; here a change is made on purpose to show the check
 * refuses it rather than losing it, and a normal bundle to show everything is stored.
 */
class BundleCommitIT extends PostgresIntegrationTest {

	private static final String SYSTEM = "urn:msfhir:test:bundle-commit";

	@Autowired
	private OverridesReport overrides;

	@Autowired
	private IInterceptorService interceptors;

	@PersistenceContext
	private EntityManager entityManager;

	@Autowired
	private DataSource dataSource;

	@Test
	void aBundleIsStoredCompletely() {
		String mrn = unique("mrn");
		Bundle response = client().transaction().withBundle(bundle(mrn)).execute();

		assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));
		assertThat(count("Patient?identifier=" + SYSTEM + "|" + mrn)).isEqualTo(1);
		assertThat(count("Observation?subject.identifier=" + SYSTEM + "|" + mrn + "&code=" + SYSTEM + "|weight"))
				.isEqualTo(1);
	}

	@Test
	void largeBundlesAreStoredCompletelyWithMultiRowInserts() throws Exception {
		assertThat(dataSource.unwrap(HikariDataSource.class).getDataSourceProperties().getProperty("reWriteBatchedInserts"))
				.as("the driver's multi-row rewrite is on for the server's connections").isEqualTo("true");
		// 130 observations: index rows go out in several batches of 50 plus a remainder, each sent as
		// multi-row INSERTs; every row of every batch must arrive.
		String mrn = unique("mrn");
		Bundle bundle = bundle(mrn);
		String patientUrl = bundle.getEntryFirstRep().getFullUrl();
		for (int i = 0; i < 130; i++) {
			Observation observation = new Observation();
			observation.setStatus(Observation.ObservationStatus.FINAL);
			observation.getCode().addCoding().setSystem(SYSTEM).setCode("reading-" + i);
			observation.getSubject().setReference(patientUrl);
			bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		client().transaction().withBundle(bundle).execute();

		String subject = "subject.identifier=" + SYSTEM + "|" + mrn;
		assertThat(client().search().byUrl("Observation?" + subject + "&_summary=count").returnBundle(Bundle.class)
				.execute().getTotal()).isEqualTo(131);
		for (int i : new int[] {0, 49, 50, 99, 100, 129}) {
			assertThat(count("Observation?" + subject + "&code=" + SYSTEM + "|reading-" + i)).as("reading " + i).isEqualTo(1);
		}
	}

	@Test
	void aChangeAfterHapisLastFlushIsRefusedNotLost() {
		assumeTrue(overrides.bundleCommitService(), "the check belongs to the bundle commit service (msfhir.storage.bundle-commit-service)");
		Object lateWriter = new Object() {
			@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSED)
			public void changeAStoredResource() {
				SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
				for (var entry : session.getPersistenceContextInternal().reentrantSafeEntityEntries()) {
					if (entry.getKey() instanceof ResourceTable resource) {
						resource.setHashSha256("changed after the last flush");
						return;
					}
				}
			}
		};
		String mrn = unique("mrn");
		interceptors.registerInterceptor(lateWriter);
		try {
			assertThatThrownBy(() -> client().transaction().withBundle(bundle(mrn)).execute())
					.isInstanceOf(BaseServerResponseException.class)
					.hasMessageContaining("changed after the transaction bundle's last flush");
		} finally {
			interceptors.unregisterInterceptor(lateWriter);
		}
		assertThat(count("Patient?identifier=" + SYSTEM + "|" + mrn)).as("rolled back").isZero();
	}

	private Bundle bundle(String mrn) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(SYSTEM).setValue(mrn);
		bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding().setSystem(SYSTEM).setCode("weight");
		observation.getSubject().setReference(bundle.getEntryFirstRep().getFullUrl());
		bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		return bundle;
	}

	private int count(String url) {
		Bundle found = client().search().byUrl(url).returnBundle(Bundle.class).execute();
		return found.getEntry().size();
	}
}

package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.msfhir.support.Http.unique;

import ca.uhn.fhir.jpa.model.util.SearchParamHash;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Observation's {@code combo-code} is searched in the rows of {@code code} and {@code component-code}
 * and has no rows of its own ({@link ComboCode}). Each search below is one a client can make of the
 * parameter; the expected matches are what the FHIR definition ({@code code | component.code}) gives,
 * so the searches pass with HAPI's own rows and predicate too (profile {@code overrides-off}).
 */
class ComboCodeIT extends PostgresIntegrationTest {

	private static final String CODES = "urn:msfhir:test:combo";

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OverridesReport overrides;

	private String x;
	private String patient;
	/** code x-exam; components x-a (3 points) and x-b */
	private String exam;
	/** code x-a, no components */
	private String single;
	/** code x-other */
	private String other;

	@BeforeEach
	void data() {
		x = unique("c").replace("-", "");
		patient = client().create().resource(new Patient().setActive(true)).execute().getId().toUnqualifiedVersionless().getValue();
		Observation examObs = observation(x + "-exam");
		examObs.addComponent().setCode(concept(x + "-a")).setValue(new Quantity().setValue(3));
		examObs.addComponent().setCode(concept(x + "-b")).setValue(concept("present"));
		exam = create(examObs);
		single = create(observation(x + "-a"));
		other = create(observation(x + "-other"));
	}

	@Test
	void findsTheObservationsWhoseCodeOrComponentCodeMatches() {
		assertThat(search("combo-code=" + CODES + "|" + x + "-exam")).containsExactly(exam);
		assertThat(search("combo-code=" + CODES + "|" + x + "-a")).containsExactlyInAnyOrder(exam, single);
		assertThat(search("combo-code=" + x + "-b")).as("code without system").containsExactly(exam);
		assertThat(search("combo-code=" + CODES + "|" + x + "-exam," + CODES + "|" + x + "-other"))
				.containsExactlyInAnyOrder(exam, other);
		assertThat(search("combo-code=" + CODES + "|" + x + "-exam&combo-code=" + CODES + "|" + x + "-a"))
				.as("both values").containsExactly(exam);
		assertThat(search("combo-code=" + CODES + "|" + x + "-none")).isEmpty();
		assertThat(search("combo-code=" + x + "-exam&subject=" + patient)).containsExactly(exam);
	}

	@Test
	void notMissingSortAndCompositesKeepTheirMeaning() {
		String mine = "subject=" + patient;
		assertThat(search(mine + "&combo-code:not=" + CODES + "|" + x + "-a")).containsExactly(other);
		assertThat(search(mine + "&combo-code:missing=false")).containsExactlyInAnyOrder(exam, single, other);
		assertThat(search(mine + "&combo-code:missing=true")).isEmpty();
		// lowest code of each: single x-a, exam x-a (component), other x-other; descending puts other first
		assertThat(search(mine + "&_sort=-combo-code").get(0)).isEqualTo(other);
		assertThat(search(mine + "&_sort=combo-code")).hasSize(3).last().isEqualTo(other);
		assertThat(search("combo-code-value-quantity=" + CODES + "|" + x + "-a$3")).containsExactly(exam);
		assertThat(search("combo-code-value-quantity=" + CODES + "|" + x + "-a$gt3")).isEmpty();
		assertThat(search("combo-code-value-concept=" + CODES + "|" + x + "-b$" + CODES + "|present")).containsExactly(exam);
	}

	@Test
	void chainsAndHasReachObservationsThroughComboCode() {
		Bundle patients = client().search().byUrl("Patient?_has:Observation:subject:combo-code=" + CODES + "|" + x + "-b")
				.returnBundle(Bundle.class).execute();
		assertThat(ids(patients)).containsExactly(patient);
		Bundle none = client().search().byUrl("Patient?_has:Observation:subject:combo-code=" + CODES + "|" + x + "-none")
				.returnBundle(Bundle.class).execute();
		assertThat(none.getEntry()).isEmpty();
	}

	@Test
	void noComboCodeRowsAreStoredButCodeAndComponentRowsAre() {
		long resource = pid(exam);
		// HAPI's own synchronisation (combo-code-rows off) stores one row per code and component code
		assertThat(rows(resource, "combo-code")).isEqualTo(overrides.comboCodeRowFilter() ? 0 : 3);
		assertThat(rows(resource, "code")).isEqualTo(1);
		assertThat(rows(resource, "component-code")).isEqualTo(2);
	}

	@Test
	void rowsStoredByAnEarlierBuildGoWhenTheResourceIsWrittenAgain() {
		assumeTrue(overrides.comboCodeRowFilter(), "combo-code rows are stored (msfhir.storage.combo-code-rows off)");
		long resource = pid(single);
		// what a build that stored combo-code wrote: a copy of the code row under combo-code's identity
		jdbc.update("insert into hfj_spidx_token (sp_id, res_id, partition_id, sp_updated, hash_identity, hash_sys,"
				+ " hash_sys_and_value, hash_value, sp_system, sp_value, sp_missing, res_type, sp_name)"
				+ " select nextval('seq_spidx_token'), res_id, partition_id, sp_updated, ?, hash_sys, hash_sys_and_value,"
				+ " hash_value, sp_system, sp_value, sp_missing, res_type, sp_name from hfj_spidx_token"
				+ " where res_id = ? and hash_identity = ?", hash("combo-code"), resource, hash("code"));
		assertThat(rows(resource, "combo-code")).isEqualTo(1);

		Observation changed = client().read().resource(Observation.class).withId(single).execute();
		changed.setCode(concept(x + "-changed"));
		client().update().resource(changed).execute();

		assertThat(rows(resource, "combo-code")).isZero();
		assertThat(search("combo-code=" + CODES + "|" + x + "-changed")).containsExactly(single);
		assertThat(search("combo-code=" + CODES + "|" + x + "-a")).containsExactly(exam);
	}

	@Test
	void aConditionalUpdateByComboCodeMatchesTheResourceItStores() {
		// HAPI checks in memory that the stored resource matches its conditional URL, against the
		// extracted index rows: combo-code's rows must be there, although they are not stored.
		Observation conditional = observation(x + "-exam3");
		conditional.addComponent().setCode(concept(x + "-cond")).setValue(concept("present"));
		String cond = "Observation?subject=" + patient + "&combo-code=" + CODES + "|" + x + "-cond";

		MethodOutcome created = client().update().resource(conditional).conditionalByUrl(cond).execute();
		MethodOutcome updated = client().update().resource(conditional).conditionalByUrl(cond).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(search("combo-code=" + CODES + "|" + x + "-cond")).containsExactly(
				created.getId().toUnqualifiedVersionless().getValue());
	}

	@Test
	void aTransactionWhoseConditionalCreatesWouldBothMatchIsRefused() {
		// HAPI checks the conditional URLs of a transaction against the resources it stores, in memory,
		// with their extracted index rows: combo-code's rows must be there although they are not stored.
		String url = "Observation?combo-code=" + CODES + "|" + x + "-twice";
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (String also : List.of("", "&status=final")) {
			Observation obs = observation(x + "-exam" + also.length());
			obs.addComponent().setCode(concept(x + "-twice")).setValue(concept("present"));
			bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(obs).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
					.setIfNoneExist(url + also); // two URLs, each matched by both resources
		}
		assertThatThrownBy(() -> client().transaction().withBundle(bundle).execute())
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("multiple resources to match");
		assertThat(search("combo-code=" + CODES + "|" + x + "-twice")).isEmpty();
	}

	private long pid(String observation) {
		return jdbc.queryForObject("select res_id from hfj_resource where res_type = 'Observation' and fhir_id = ?",
				Long.class, new IdType(observation).getIdPart());
	}

	private long rows(long resource, String parameter) {
		return jdbc.queryForObject("select count(*) from hfj_spidx_token where res_id = ? and hash_identity = ?",
				Long.class, resource, hash(parameter));
	}

	private static long hash(String parameter) {
		return SearchParamHash.hashSearchParam("Observation", parameter);
	}

	private Observation observation(String code) {
		Observation obs = new Observation();
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.setCode(concept(code));
		obs.getSubject().setReference(patient);
		return obs;
	}

	private static CodeableConcept concept(String code) {
		return new CodeableConcept().addCoding(new Coding(CODES, code, null));
	}

	private String create(Observation obs) {
		return client().create().resource(obs).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private List<String> search(String query) {
		return ids(client().search().byUrl("Observation?" + query).returnBundle(Bundle.class).execute());
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(e -> ((Resource) e.getResource()).getIdElement().toUnqualifiedVersionless().getValue()).toList();
	}
}

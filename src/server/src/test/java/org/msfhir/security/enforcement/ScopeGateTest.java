package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.common.PatientCompartment;

class ScopeGateTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final PatientCompartment COMPARTMENT = new PatientCompartment(FHIR);
	private final ScopeParser parser = new ScopeParser(FHIR.getResourceTypes());
	private final AccessPolicyFactory factory = new AccessPolicyFactory(COMPARTMENT, true);
	private final ScopeGate gate = new ScopeGate(FHIR);

	private AccessPolicy policy(String scopes, String patient) {
		return factory.build(parser.parse(scopes), patient);
	}

	private String refusal(AccessPolicy policy, RestOperationTypeEnum op, String type, String id) {
		return gate.refusal(policy, op, type, id, null, Map.of());
	}

	@ParameterizedTest(name = "{0} / {1} {2} -> allowed={3}")
	@CsvSource({
		"patient/Observation.read, READ, Observation, true",
		"patient/Observation.read, SEARCH_TYPE, Observation, true",
		"patient/Observation.read, CREATE, Observation, false",
		"patient/Observation.write, CREATE, Observation, true",
		"patient/Observation.write, READ, Observation, false",
		"patient/Observation.r, SEARCH_TYPE, Observation, false",
		"patient/Observation.s, READ, Observation, false",
		"patient/Observation.s, SEARCH_TYPE, Observation, true",
		"patient/Observation.c, UPDATE, Observation, false",
		"patient/Observation.u, UPDATE, Observation, true",
		"patient/Observation.u, PATCH, Observation, true",
		"patient/Observation.cru, DELETE, Observation, false",
		"patient/Observation.d, DELETE, Observation, true",
		"patient/*.*, DELETE, Condition, true",
		"patient/Observation.rs, READ, Condition, false",
		"patient/*.rs, READ, AuditEvent, false",
		"system/AuditEvent.rs, SEARCH_TYPE, AuditEvent, true",
		"patient/*.rs, READ, Medication, true",
		"patient/*.rs, READ, Bundle, false",
		"patient/*.rs, READ, Binary, false",
		"patient/*.cruds, CREATE, Medication, false",
		"user/*.rs, READ, Group, true",
		"patient/Observation.rs, HISTORY_INSTANCE, Observation, true",
		"patient/Observation.r, HISTORY_TYPE, Observation, false"
	})
	void interactionNeedsTheMatchingPermission(String scopes, RestOperationTypeEnum op, String type, boolean allowed) {
		String patient = scopes.startsWith("patient/") ? "A" : null;
		String refusal = refusal(policy(scopes, patient), op, type, "1");
		if (allowed) {
			assertThat(refusal).isNull();
		} else {
			assertThat(refusal).isNotNull();
		}
	}

	@Test
	void refusalNamesWhatIsMissing() {
		String refusal = refusal(policy("patient/Patient.rs", "A"), RestOperationTypeEnum.SEARCH_TYPE, "Observation", null);
		assertThat(refusal)
				.contains("search-type Observation")
				.contains("patient/Observation.s")
				.contains("patient/Patient.rs")
				.contains("Patient/A");
	}

	@Test
	void patientScopesWithoutPatientClaimGrantNothing() {
		AccessPolicy policy = policy("patient/Observation.rs", null);
		assertThat(policy.scopes()).isEmpty();
		assertThat(policy.unusable()).containsExactly("patient/Observation.rs");
		assertThat(refusal(policy, RestOperationTypeEnum.READ, "Observation", "1")).contains("unusable");
	}

	@Test
	void hasAndChainsNeedSearchOnTheOtherType() {
		AccessPolicy onlyPatients = policy("user/Patient.rs", null);
		assertThat(gate.refusal(onlyPatients, RestOperationTypeEnum.SEARCH_TYPE, "Patient", null, null,
				Map.of("_has:Observation:patient:code", new String[] {"x"}))).contains("Observation");
		AccessPolicy onlyObservations = policy("user/Observation.rs", null);
		assertThat(gate.refusal(onlyObservations, RestOperationTypeEnum.SEARCH_TYPE, "Observation", null, null,
				Map.of("subject:Patient.name", new String[] {"x"}))).contains("Patient");
		assertThat(gate.refusal(onlyObservations, RestOperationTypeEnum.SEARCH_TYPE, "Observation", null, null,
				Map.of("patient.name", new String[] {"x"}))).contains("Patient");
		AccessPolicy both = policy("user/Observation.rs user/Patient.rs", null);
		assertThat(gate.refusal(both, RestOperationTypeEnum.SEARCH_TYPE, "Observation", null, null,
				Map.of("patient.name", new String[] {"x"}))).isNull();
	}

	@Test
	void everythingOnlyOnOwnPatientWhenConfined() {
		AccessPolicy policy = policy("patient/*.rs", "A");
		assertThat(gate.refusal(policy, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "Patient", "A",
				"$everything", Map.of())).isNull();
		assertThat(gate.refusal(policy, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "Patient", "B",
				"$everything", Map.of())).contains("confined to Patient/A");
		assertThat(gate.refusal(policy, RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, "Patient", null,
				"$everything", Map.of())).isNotNull();
	}

	@Test
	void bulkExportNeedsUnconfinedReadOfTheTypes() {
		assertThat(gate.refusal(policy("system/*.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null,
				null, "$export", Map.of())).isNull();
		// without _type the export leaves out what the token cannot read
		assertThat(gate.refusal(policy("system/Observation.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
				null, null, "$export", Map.of())).isNull();
		assertThat(gate.refusal(policy("system/Observation.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
				null, null, "$export", Map.of("_type", new String[] {"Patient"}))).isNotNull();
		assertThat(gate.refusal(policy("system/Observation.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
				null, null, "$export", Map.of("_type", new String[] {"Observation"}))).isNull();
		assertThat(gate.refusal(policy("system/Observation.s", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
				null, null, "$export", Map.of("_type", new String[] {"Observation"}))).isNotNull();
		assertThat(gate.refusal(policy("patient/*.rs", "A"), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null,
				null, "$export", Map.of())).contains("confined");
		assertThat(gate.refusal(policy("patient/*.rs", "A"), RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
				"Patient", "A", "$export", Map.of())).isNull();
	}

	@Test
	void validateNeedsCreateOrUpdate() {
		assertThat(gate.refusal(policy("user/Observation.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
				"Observation", null, "$validate", Map.of())).isNotNull();
		assertThat(gate.refusal(policy("user/Observation.c", null), RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
				"Observation", null, "$validate", Map.of())).isNull();
	}

	@Test
	void adminOperationsNeedUnconfinedWildcard() {
		assertThat(gate.refusal(policy("user/*.rs", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null,
				null, "$expunge", Map.of())).contains("administrative");
		assertThat(gate.refusal(policy("system/*.cruds", null), RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null,
				null, "$expunge", Map.of())).isNull();
	}

	@Test
	void userScopesOfAPatientLaunchAreConfined() {
		AccessPolicy confined = policy("user/*.rs", "A");
		assertThat(confined.confinedPatient()).contains("A");
		AccessPolicy free = new AccessPolicyFactory(COMPARTMENT, false).build(parser.parse("user/*.rs"), "A");
		assertThat(free.confinedPatient()).isEmpty();
	}

	@Test
	void searchNarrowing() {
		assertThat(policy("patient/Observation.rs", "A").searchNarrowing("Observation"))
				.containsExactly(Map.entry("patient", "Patient/A"));
		assertThat(policy("patient/Patient.rs", "A").searchNarrowing("Patient"))
				.containsExactly(Map.entry("_id", "A"));
		assertThat(policy("user/Observation.rs", null).searchNarrowing("Observation")).isEmpty();
		assertThat(policy("user/Observation.rs?category=laboratory user/Observation.rs?category=vital-signs", null)
						.searchNarrowing("Observation"))
				.containsExactly(Map.entry("category", "laboratory,vital-signs"));
		// an unrestricted scope for the type makes the restriction irrelevant
		assertThat(policy("user/Observation.rs?category=laboratory user/Observation.rs", null)
						.searchNarrowing("Observation"))
				.isEmpty();
		// different parameters cannot be expressed as one search: results are checked one by one instead
		assertThat(policy("user/Observation.rs?category=laboratory user/Observation.rs?code=x", null)
						.searchNarrowing("Observation"))
				.isEmpty();
		assertThat(policy("patient/Medication.rs", "A").searchNarrowing("Medication")).isEmpty();
	}

	@Test
	void narrowedParametersAreAndedWithTheClientsOwn() {
		Map<String, String[]> result = ScopeGateInterceptor.narrowed(
				Map.of("patient", new String[] {"Patient/B"}), Map.of("patient", "Patient/A"));
		assertThat(result.get("patient")).containsExactly("Patient/B", "Patient/A");
		// the client's own identical (or equivalent) value is not repeated
		assertThat(ScopeGateInterceptor.narrowed(Map.of("patient", new String[] {"A"}), Map.of("patient", "Patient/A"))
				.get("patient")).containsExactly("A");
		assertThat(ScopeGateInterceptor.appendParameters("Observation?code=x", Map.of("patient", "Patient/A")))
				.isEqualTo("Observation?code=x&patient=Patient%2FA");
		assertThat(ScopeGateInterceptor.appendParameters("Observation", Map.of("patient", "Patient/A")))
				.isEqualTo("Observation?patient=Patient%2FA");
		assertThat(ScopeGateInterceptor.appendParameters("identifier=s|v", Map.of("patient", "Patient/A")))
				.isEqualTo("identifier=s|v&patient=Patient%2FA");
	}
}

package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.audit.AuditInterceptor;
import org.msfhir.security.audit.AuditProperties;
import org.msfhir.security.audit.AuditTrail;
import org.msfhir.security.scope.ScopeParser;
import org.msfhir.common.PatientCompartment;

/** The HAPI rules built from scopes, applied to resources going in and out (no server needed). */
class AuthorizationRulesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final ScopeParser parser = new ScopeParser(FHIR.getResourceTypes());
	private final AccessPolicyFactory policies = new AccessPolicyFactory(new PatientCompartment(FHIR), true);
	private final AuditInterceptor audit = new AuditInterceptor(new AuditTrail(
			new AuditProperties(false, false, 10, 10, java.time.Duration.ofMillis(100), java.time.Duration.ofMinutes(1)), null));

	private SmartAuthorizationInterceptor interceptorFor(String scopes, String patient) {
		SmartAccess access = SmartAccess.fromClaims(
				patient == null
						? Map.of("client_id", "app", "scope", scopes)
						: Map.of("client_id", "app", "scope", scopes, "patient", patient),
				parser);
		return new SmartAuthorizationInterceptor(
				new RequestAccess.Resolver(() -> Optional.of(access), policies, false), audit);
	}

	private static SystemRequestDetails request(RestOperationTypeEnum operation, String type) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setFhirContext(FHIR);
		request.setRestOperationType(operation);
		request.setResourceName(type);
		return request;
	}

	private static Observation observationOf(String patient) {
		Observation observation = new Observation();
		observation.setId("Observation/o-" + patient);
		observation.setSubject(new Reference("Patient/" + patient));
		return observation;
	}

	private PolicyEnum create(SmartAuthorizationInterceptor interceptor, Observation observation) {
		return interceptor.applyRulesAndReturnDecision(RestOperationTypeEnum.CREATE,
						request(RestOperationTypeEnum.CREATE, "Observation"), observation, observation.getIdElement(),
						null, Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
				.getDecision();
	}

	private PolicyEnum show(SmartAuthorizationInterceptor interceptor, RestOperationTypeEnum operation,
			org.hl7.fhir.r4.model.Resource resource) {
		return interceptor.applyRulesAndReturnDecision(operation, request(operation, resource.fhirType()), null,
						null, resource, Pointcut.STORAGE_PRESHOW_RESOURCES)
				.getDecision();
	}

	@Test
	void patientScopesWriteOnlyIntoTheirCompartment() {
		SmartAuthorizationInterceptor interceptor = interceptorFor("patient/Observation.c", "A");
		assertThat(create(interceptor, observationOf("A"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(create(interceptor, observationOf("B"))).isEqualTo(PolicyEnum.DENY);
	}

	@Test
	void readOnlyScopesDoNotWrite() {
		assertThat(create(interceptorFor("patient/Observation.rs", "A"), observationOf("A"))).isEqualTo(PolicyEnum.DENY);
		assertThat(create(interceptorFor("system/*.rs", null), observationOf("A"))).isEqualTo(PolicyEnum.DENY);
	}

	@Test
	void outgoingResourcesOfOtherPatientsAreRefused() {
		SmartAuthorizationInterceptor interceptor = interceptorFor("patient/*.rs", "A");
		assertThat(show(interceptor, RestOperationTypeEnum.SEARCH_TYPE, observationOf("A"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(show(interceptor, RestOperationTypeEnum.SEARCH_TYPE, observationOf("B"))).isEqualTo(PolicyEnum.DENY);
		Medication medication = new Medication();
		medication.setId("Medication/m1");
		assertThat(show(interceptor, RestOperationTypeEnum.SEARCH_TYPE, medication))
				.as("shared reference data").isEqualTo(PolicyEnum.ALLOW);
	}

	@Test
	void unconfinedScopesSeeEveryPatientButNotTheAuditTrail() {
		SmartAuthorizationInterceptor interceptor = interceptorFor("system/*.cruds", null);
		assertThat(show(interceptor, RestOperationTypeEnum.READ, observationOf("B"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(create(interceptor, observationOf("B"))).isEqualTo(PolicyEnum.ALLOW);
		AuditEvent event = new AuditEvent();
		event.setId("AuditEvent/1");
		assertThat(show(interceptor, RestOperationTypeEnum.READ, event)).isEqualTo(PolicyEnum.DENY);
		assertThat(show(interceptorFor("system/AuditEvent.rs", null), RestOperationTypeEnum.READ, event))
				.isEqualTo(PolicyEnum.ALLOW);
	}

	@Test
	void denialBecomes403NamingTheResourceAndTheConfinement() {
		SmartAuthorizationInterceptor interceptor = interceptorFor("patient/Observation.rs", "A");
		SystemRequestDetails request = request(RestOperationTypeEnum.READ, "Observation");
		var verdict = interceptor.applyRulesAndReturnDecision(RestOperationTypeEnum.READ, request, null,
				new IdType("Observation/o-B"), observationOf("B"), Pointcut.STORAGE_PRESHOW_RESOURCES);
		assertThat(verdict.getDecision()).isEqualTo(PolicyEnum.DENY);
		assertThatThrownBy(() -> interceptor.handleDeny(request, verdict))
				.isInstanceOf(ForbiddenOperationException.class)
				.hasMessageContaining("read of Observation/o-B")
				.hasMessageContaining("confined to Patient/A");
	}
}

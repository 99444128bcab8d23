package org.msfhir.security.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.PatientCompartment;
import org.msfhir.security.audit.AuditInterceptor;

/**
 * Writes by a patient-confined token may reference only its own compartment and shared reference
 * data: every reference in a created or updated resource (batch and transaction entries included)
 * must point at the own Patient, at a resource in the own Patient's compartment, or at a shared
 * reference type (Practitioner, Organization, Medication, ...). Otherwise a patient app could attach
 * data to another patient's record ({@code performer}, {@code focus}, {@code hasMember}). A reference
 * to a missing resource is refused with the same answer as one to another patient's, so the answer
 * tells nothing about which ids exist.
 */
@Interceptor
public class CompartmentReferenceGuard {

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final PatientCompartment compartment;
	private final AuditInterceptor audit;

	public CompartmentReferenceGuard(
			FhirContext fhirContext, DaoRegistry daoRegistry, PatientCompartment compartment, AuditInterceptor audit) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.compartment = compartment;
		this.audit = audit;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		check(updated, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		if (request == null || request instanceof SystemRequestDetails) {
			return;
		}
		RequestAccess caller = RequestAccess.Resolver.peek(request);
		if (caller == null || caller.policy().unrestricted() || caller.policy().confinedPatient().isEmpty()) {
			return;
		}
		String patient = caller.policy().confinedPatient().get();
		FhirTerser terser = fhirContext.newTerser();
		for (IBaseReference reference : terser.getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
			IIdType target = reference.getReferenceElement();
			if (target == null || target.isEmpty() || target.isLocal() || !target.hasResourceType() || !target.hasIdPart()
					|| target.getValue().startsWith("urn:")) {
				continue; // contained (#x), bundle-internal (urn:uuid:) or identifier-only references
			}
			if (!allowed(target, patient)) {
				String where = resource.fhirType() + " reference " + target.toUnqualifiedVersionless().getValue();
				String reason = "Access denied: " + where + " is not in the compartment of Patient/" + patient
						+ " nor shared reference data; a token confined to a patient may reference only those";
				audit.refused(request, reason);
				OperationOutcome outcome = new OperationOutcome();
				outcome.addIssue()
						.setSeverity(OperationOutcome.IssueSeverity.ERROR)
						.setCode(OperationOutcome.IssueType.FORBIDDEN)
						.setDiagnostics(reason);
				throw new ForbiddenOperationException(reason, outcome);
			}
		}
	}

	private boolean allowed(IIdType target, String patient) {
		String type = target.getResourceType();
		if ("Patient".equals(type)) {
			return patient.equals(target.getIdPart());
		}
		if (compartment.isSharedReferenceType(type)) {
			return true;
		}
		if (!compartment.contains(type) || !daoRegistry.isResourceTypeSupported(type)) {
			return false;
		}
		IBaseResource stored;
		try {
			stored = daoRegistry.getResourceDao(type)
					.read(new IdType(type, target.getIdPart()), new SystemRequestDetails());
		} catch (BaseServerResponseException missingOrGone) {
			return false;
		}
		return fhirContext.newTerser().isSourceInCompartmentForTarget("Patient", stored, new IdType("Patient", patient));
	}
}

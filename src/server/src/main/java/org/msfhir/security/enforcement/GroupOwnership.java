package org.msfhir.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.msfhir.security.SmartAccess;
import org.msfhir.security.scope.Permission;

/**
 * Who owns a Group (a cohort, a clinician's patient list): a {@code meta.tag} of system {@value
 * #TAG_SYSTEM} that the server sets when a token creates the Group ({@code user:<sub>} or {@code
 * client:<client_id>}) and keeps on every update; a tag of that system sent by a client is replaced.
 * Only the owner, or an administrator (a backend service token with {@code system/*.cruds}), may read,
 * change, re-evaluate or export a Group that has an owner.
 */
@Interceptor
public class GroupOwnership {

	/** The code system of the owner tag. */
	public static final String TAG_SYSTEM = "http://msfhir.org/fhir/CodeSystem/owner";

	/** The owner named by the Group's tag, or null. */
	static String ownerOf(IBaseResource resource) {
		for (IBaseCoding tag : resource.getMeta().getTag()) {
			if (TAG_SYSTEM.equals(tag.getSystem())) {
				return tag.getCode();
			}
		}
		return null;
	}

	/** Whether the caller may use a Group with this owner (no owner: the normal rules decide). */
	static boolean mayUse(RequestAccess caller, String owner) {
		if (owner == null || caller == null || caller.access() == null || caller.policy().unrestricted()) {
			return true;
		}
		if (caller.policy().confinedPatient().isPresent()) {
			return false; // cohorts are research data, never a patient app's
		}
		return owner.equals(caller.access().owner()) || isAdministrator(caller);
	}

	/** A backend service (no user) with full unconfined access. */
	static boolean isAdministrator(RequestAccess caller) {
		SmartAccess access = caller.access();
		AccessPolicy policy = caller.policy();
		return access.role().isEmpty()
				&& policy.allowsOnAllTypes(Permission.UPDATE)
				&& policy.allowsOnAllTypes(Permission.DELETE);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		RequestAccess caller = caller(resource, request);
		if (caller != null) {
			setOwner(resource, caller.access().owner());
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		RequestAccess caller = caller(updated, request);
		if (caller != null) {
			String owner = ownerOf(previous);
			setOwner(updated, owner != null ? owner : caller.access().owner());
		}
	}

	private static RequestAccess caller(IBaseResource resource, RequestDetails request) {
		if (!"Group".equals(resource.fhirType()) || request == null || request instanceof SystemRequestDetails) {
			return null;
		}
		RequestAccess caller = RequestAccess.Resolver.peek(request);
		return caller == null || caller.access() == null ? null : caller;
	}

	private static void setOwner(IBaseResource resource, String owner) {
		resource.getMeta().getTag().removeIf(tag -> TAG_SYSTEM.equals(tag.getSystem()));
		resource.getMeta().addTag().setSystem(TAG_SYSTEM).setCode(owner).setDisplay("owner");
	}
}

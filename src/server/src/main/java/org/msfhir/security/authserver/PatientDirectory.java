package org.msfhir.security.authserver;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Patient look-ups for the authorization server: the patient picker of a standalone launch and the
 * existence check of an EHR launch context. Runs as the system, because it serves the login pages,
 * before any token exists; it returns only what the picker shows (id, name, birth date).
 */
public class PatientDirectory {

	/** A row of the patient picker. */
	public record PatientSummary(String id, String name, String birthDate) {}

	private final DaoRegistry daoRegistry;

	public PatientDirectory(DaoRegistry daoRegistry) {
		this.daoRegistry = daoRegistry;
	}

	public boolean exists(String id) {
		if (id == null || !id.matches("[A-Za-z0-9.-]{1,64}")) {
			return false;
		}
		try {
			dao().read(new IdType("Patient", id), new SystemRequestDetails());
			return true;
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}

	/**
	 * The active Patient members of a Group (a clinician's patient list); empty when the Group does
	 * not exist.
	 */
	public Set<String> groupMembers(String groupId) {
		if (groupId == null || !groupId.matches("[A-Za-z0-9.-]{1,64}")) {
			return Set.of();
		}
		try {
			Group group = (Group) daoRegistry.getResourceDao("Group")
					.read(new IdType("Group", groupId), new SystemRequestDetails());
			Set<String> ids = new TreeSet<>();
			for (Group.GroupMemberComponent member : group.getMember()) {
				IIdType ref = member.getEntity().getReferenceElement();
				if ("Patient".equals(ref.getResourceType()) && ref.hasIdPart() && !member.getInactive()) {
					ids.add(ref.getIdPart());
				}
			}
			return ids;
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Set.of();
		}
	}

	/** Up to {@code limit} patients whose name matches {@code name} (all patients when blank). */
	public List<PatientSummary> search(String name, int limit) {
		return search(name, limit, null);
	}

	/**
	 * Like {@link #search(String, int)}, among the given patient ids only (null: all patients).
	 */
	public List<PatientSummary> search(String name, int limit, Set<String> among) {
		if (among != null && among.isEmpty()) {
			return List.of();
		}
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		if (among != null) {
			TokenOrListParam ids = new TokenOrListParam();
			among.forEach(id -> ids.addOr(new TokenParam(id)));
			map.add("_id", ids);
		}
		map.setCount(limit);
		map.setLoadSynchronousUpTo(limit);
		if (name != null && !name.isBlank()) {
			map.add(Patient.SP_NAME, new StringParam(name.trim()));
		}
		map.setSort(new SortSpec(Patient.SP_FAMILY));
		IBundleProvider results = dao().search(map, new SystemRequestDetails());
		return results.getResources(0, limit).stream()
				.map(Patient.class::cast)
				.map(p -> new PatientSummary(
						p.getIdElement().getIdPart(),
						p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : "(no name)",
						p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : ""))
				.toList();
	}

	@SuppressWarnings("unchecked")
	private IFhirResourceDao<Patient> dao() {
		return (IFhirResourceDao<Patient>) daoRegistry.getResourceDao("Patient");
	}
}

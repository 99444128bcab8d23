package org.msfhir.ig;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The profiles of the stored guide by resource type, as read from the server's own store (the stored
 * ImplementationGuide and the StructureDefinitions it lists). Refreshed after each load; read by the
 * CapabilityStatement.
 */
public class GuideProfiles {

	private final DaoRegistry daoRegistry;
	private volatile Map<String, List<String>> byType = Map.of();

	public GuideProfiles(DaoRegistry daoRegistry) {
		this.daoRegistry = daoRegistry;
	}

	/** Profile URLs per resource type (only profiles of resources, not of data types or extensions). */
	public Map<String, List<String>> byType() {
		return byType;
	}

	public void refresh() {
		Map<String, List<String>> profiles = new TreeMap<>();
		ImplementationGuide guide = read(new IdType("ImplementationGuide", IgPackageReader.GUIDE_ID), ImplementationGuide.class);
		if (guide != null) {
			for (var entry : guide.getDefinition().getResource()) {
				IdType id = new IdType(entry.getReference().getReference());
				if (!"StructureDefinition".equals(id.getResourceType())) {
					continue;
				}
				StructureDefinition profile = read(id, StructureDefinition.class);
				if (profile != null
						&& profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
						&& profile.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
					profiles.computeIfAbsent(profile.getType(), t -> new ArrayList<>()).add(profile.getUrl());
				}
			}
		}
		profiles.replaceAll((type, urls) -> List.copyOf(urls));
		byType = Map.copyOf(profiles);
	}

	private <T extends org.hl7.fhir.instance.model.api.IBaseResource> T read(IdType id, Class<T> type) {
		try {
			return type.cast(daoRegistry.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}
}

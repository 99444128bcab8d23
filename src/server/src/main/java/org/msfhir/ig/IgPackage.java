package org.msfhir.ig;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ImplementationGuide;

/**
 * The guide as packaged in the application: its ImplementationGuide resource, the conformance
 * resources to store (each with its fixed id set) and a digest of their content.
 *
 * @param guide the ImplementationGuide resource; its {@code version} is the guide version
 * @param resources the conformance resources other than the guide, in write order
 * @param exampleCount resources in the package that are examples (not stored)
 * @param digest SHA-256 (hex) over the packaged conformance resources, guide included
 */
public record IgPackage(
		ImplementationGuide guide, List<IBaseResource> resources, int exampleCount, String digest) {

	public IgPackage {
		resources = List.copyOf(resources);
	}
}

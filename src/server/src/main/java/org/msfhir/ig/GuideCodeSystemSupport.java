package org.msfhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * Puts the guide's code system fragments ahead of the FHIR core package in HAPI's validation chain.
 *
 * <p>The R4 core package ships placeholder CodeSystems for some external systems (SNOMED CT has one with
 * content {@code not-present}). HAPI's chain asks the core package first, so without this the stored
 * SNOMED CT fragment is never seen: {@code $lookup} answers "unable to find code" and validation cannot
 * check SNOMED CT codes. This support answers {@code fetchCodeSystem} for exactly the external systems
 * the guide ships a fragment of, from the server's own store; everything else falls through.
 */
public class GuideCodeSystemSupport implements IValidationSupport {

	private final FhirContext fhirContext;
	private final IValidationSupport storedResources;
	private final Set<String> systems = new CopyOnWriteArraySet<>();

	/**
	 * @param storedResources HAPI's support that reads conformance resources from the JPA store
	 *     ({@code myJpaValidationSupport})
	 */
	public GuideCodeSystemSupport(FhirContext fhirContext, IValidationSupport storedResources) {
		this.fhirContext = fhirContext;
		this.storedResources = storedResources;
	}

	/** Registers the external systems of which the guide ships a fragment. */
	public void register(IgPackage ig) {
		for (IBaseResource resource : ig.resources()) {
			if (resource instanceof CodeSystem cs
					&& cs.getContent() == CodeSystem.CodeSystemContentMode.FRAGMENT
					&& !cs.getUrl().startsWith(IgPackageReader.CANONICAL_BASE + "/")) {
				systems.add(cs.getUrl());
			}
		}
	}

	public Set<String> systems() {
		return Set.copyOf(systems);
	}

	@Override
	public IBaseResource fetchCodeSystem(String system) {
		return system != null && systems.contains(system) ? storedResources.fetchCodeSystem(system) : null;
	}

	@Override
	public FhirContext getFhirContext() {
		return fhirContext;
	}

	@Override
	public String getName() {
		return "MS guide code system fragments";
	}
}

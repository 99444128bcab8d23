package org.msfhir.guide;

import java.util.List;
import java.util.Set;

/** The resource types the guide stores in the server; anything else in the package is an example. */
public final class ConformanceTypes {

	/** In the order they are written: code systems before the value sets and maps that use them. */
	public static final List<String> STORED = List.of(
			"CodeSystem",
			"ValueSet",
			"ConceptMap",
			"StructureDefinition",
			"SearchParameter",
			"OperationDefinition",
			"ImplementationGuide");

	private static final Set<String> STORED_SET = Set.copyOf(STORED);

	private ConformanceTypes() {}

	public static boolean isStored(String resourceType) {
		return STORED_SET.contains(resourceType);
	}

	/** Position of a type in {@link #STORED}, for a stable write order. */
	public static int order(String resourceType) {
		int index = STORED.indexOf(resourceType);
		return index < 0 ? STORED.size() : index;
	}
}

package org.msfhir.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A search-parameter path made only of element names ({@code Observation.component.code}), walked
 * directly over the R4 model: the same child look-up ({@link Base#listChildrenByName(String, boolean)})
 * that FHIRPath uses for a name, without parsing, the expression cache or the engine's type checks.
 * Most of the paths HAPI evaluates for every stored resource are of this kind; anything else (a
 * function, {@code as}, {@code where}, an index) is not parsed and stays with FHIRPath.
 */
final class ElementPath {

	private static final Pattern PLAIN = Pattern.compile("[A-Z][A-Za-z]*(\\.[a-z][A-Za-z0-9]*)+");

	private final String root;
	private final String[] names;

	private ElementPath(String root, String[] names) {
		this.root = root;
		this.names = names;
	}

	/** The path, if it is a root type followed by element names only; otherwise null. */
	static ElementPath parse(String path) {
		if (!PLAIN.matcher(path).matches()) {
			return null;
		}
		String[] parts = path.split("\\.");
		String[] names = new String[parts.length - 1];
		System.arraycopy(parts, 1, names, 0, names.length);
		return new ElementPath(parts[0], names);
	}

	/** Whether the path starts at this resource: its own type, or DomainResource or Resource. */
	boolean appliesTo(Object resource) {
		if (!(resource instanceof Resource r)) {
			return false;
		}
		return root.equals(r.fhirType())
				|| "Resource".equals(root)
				|| "DomainResource".equals(root) && r instanceof DomainResource;
	}

	/**
	 * The elements at the end of the path, in document order; the resource must be one it applies to.
	 * Null if the path meets an id ({@code Resource.id}, {@code Element.id}): FHIRPath hands out a
	 * converted copy of those, so they are left to it.
	 */
	List<Base> evaluate(Base resource) {
		List<Base> current = List.of(resource);
		for (String name : names) {
			List<Base> next = new ArrayList<>();
			for (Base item : current) {
				Base[] children = item.listChildrenByName(name, false);
				if (children != null) {
					for (Base child : children) {
						if (child instanceof IdType) {
							return null;
						}
						if (child != null) {
							next.add(child);
						}
					}
				}
			}
			if (next.isEmpty()) {
				return next;
			}
			current = next;
		}
		return current;
	}
}

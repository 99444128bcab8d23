package org.msfhir.overrides;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * A search-parameter path of the few simple forms that make up most of what HAPI evaluates for every
 * stored resource, walked directly over the R4 model instead of through FHIRPath:
 * <ul>
 *   <li>element names, {@code Observation.component.code}: the same child look-up
 *       ({@link Base#listChildrenByName(String, boolean)}) FHIRPath uses for a name;
 *   <li>a type filter, {@code (Observation.value as Quantity)}, {@code (Observation.value as
 *       CodeableConcept).text} or {@code Condition.onset.as(dateTime)}: the elements whose FHIR type
 *       is that name, as FHIRPath's {@code as} keeps them;
 *   <li>a reference filter, {@code Observation.subject.where(resolve() is Patient)}: references of the
 *       form {@code Type/id} kept when the type matches (what HAPI's resolver answers for them).
 * </ul>
 * Anything else is not parsed and stays with FHIRPath, and so does a value the walk cannot vouch for:
 * an id (FHIRPath hands out a converted copy) or a reference in another form (contained, absolute,
 * versioned, logical).
 */
final class ElementPath {

	private static final String NAMES = "[A-Z][A-Za-z]*(?:\\.[a-z][A-Za-z0-9]*)+";
	private static final Pattern PLAIN = Pattern.compile(NAMES);
	private static final Pattern AS_OPERATOR =
			Pattern.compile("\\((" + NAMES + ") as ([A-Za-z]+)\\)((?:\\.[a-z][A-Za-z0-9]*)*)");
	private static final Pattern AS_FUNCTION = Pattern.compile("(" + NAMES + ")\\.as\\(([A-Za-z]+)\\)");
	private static final Pattern RESOLVES_TO = Pattern.compile("(" + NAMES + ")\\.where\\(resolve\\(\\) is ([A-Z][A-Za-z]+)\\)");
	private static final Pattern RELATIVE_REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/[A-Za-z0-9\\-.]{1,64}");
	private static final Set<String> RESOURCE_TYPES =
			Arrays.stream(ResourceType.values()).map(ResourceType::name).collect(Collectors.toUnmodifiableSet());

	/** One step of the walk: a child name, a type filter or a reference-target filter. */
	private record Step(String name, String type, String target) {}

	private final String root;
	private final boolean rootIsResourceType;
	private final List<Step> steps;

	private ElementPath(String root, List<Step> steps) {
		this.root = root;
		this.rootIsResourceType = RESOURCE_TYPES.contains(root);
		this.steps = steps;
	}

	/** The path, if it has one of the forms above; otherwise null. */
	static ElementPath parse(String path) {
		List<Step> steps = new ArrayList<>();
		String names;
		Matcher m;
		if (PLAIN.matcher(path).matches()) {
			names = path;
		} else if ((m = AS_OPERATOR.matcher(path)).matches()) {
			names = m.group(1);
			steps.add(new Step(null, m.group(2), null));
			for (String name : m.group(3).split("\\.")) {
				if (!name.isEmpty()) {
					steps.add(new Step(name, null, null));
				}
			}
		} else if ((m = AS_FUNCTION.matcher(path)).matches()) {
			names = m.group(1);
			steps.add(new Step(null, m.group(2), null));
		} else if ((m = RESOLVES_TO.matcher(path)).matches()) {
			names = m.group(1);
			steps.add(new Step(null, null, m.group(2)));
		} else {
			return null;
		}
		String[] parts = names.split("\\.");
		List<Step> all = new ArrayList<>();
		for (int i = 1; i < parts.length; i++) {
			all.add(new Step(parts[i], null, null));
		}
		all.addAll(steps);
		return new ElementPath(parts[0], List.copyOf(all));
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
	 * Whether the path starts at a resource type other than this resource's: FHIRPath then reads the
	 * type name as a child element, which no resource has, and finds nothing.
	 */
	boolean startsAtOtherType(Object resource) {
		return rootIsResourceType && resource instanceof Resource && !appliesTo(resource);
	}

	/**
	 * The elements at the end of the path, in document order; the resource must be one it applies to.
	 * Null if the walk meets a value it leaves to FHIRPath (see the class comment).
	 */
	List<Base> evaluate(Base resource) {
		List<Base> current = List.of(resource);
		for (Step step : steps) {
			List<Base> next = new ArrayList<>();
			for (Base item : current) {
				if (step.name() != null) {
					Base[] children = item.listChildrenByName(step.name(), false);
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
				} else if (step.type() != null) {
					if (step.type().equals(item.fhirType())) {
						next.add(item);
					}
				} else {
					String target = referenceType(item);
					if (target == null) {
						return null;
					}
					if (target.equals(step.target())) {
						next.add(item);
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

	/** The resource type a {@code Type/id} reference points to; null for any other form or an unknown type. */
	private static String referenceType(Base item) {
		if (!(item instanceof Reference reference) || reference.getReference() == null) {
			return null;
		}
		Matcher m = RELATIVE_REFERENCE.matcher(reference.getReference());
		return m.matches() && RESOURCE_TYPES.contains(m.group(1)) ? m.group(1) : null;
	}
}

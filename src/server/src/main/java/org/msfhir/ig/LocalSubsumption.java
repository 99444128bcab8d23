package org.msfhir.ig;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code $subsumes} computed from the CodeSystem resource itself (its nested concepts and
 * {@code parent} properties), for code systems whose resource holds the concepts. HAPI's own
 * implementation needs a Hibernate Search (Lucene/Elasticsearch) index, which this server does not run;
 * small local code systems such as ms-concepts do not need one.
 */
public class LocalSubsumption {

	private final IValidationSupport validationSupport;

	public LocalSubsumption(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	/**
	 * The outcome for codes A and B of a system, or empty if the server holds no CodeSystem resource
	 * with concepts for that system (then another implementation may answer).
	 *
	 * @throws InvalidRequestException if a code is not in the code system
	 */
	public Optional<Parameters> subsumes(String system, String codeA, String codeB) {
		if (!(validationSupport.fetchCodeSystem(system) instanceof CodeSystem cs)
				|| cs.getContent() == CodeSystem.CodeSystemContentMode.NOTPRESENT
				|| cs.getConcept().isEmpty()) {
			return Optional.empty();
		}
		Map<String, Set<String>> parents = new HashMap<>();
		collect(cs.getConcept(), null, parents);
		require(cs, parents, codeA, "codeA");
		require(cs, parents, codeB, "codeB");
		String outcome;
		if (codeA.equals(codeB)) {
			outcome = "equivalent";
		} else if (ancestors(codeB, parents).contains(codeA)) {
			outcome = "subsumes";
		} else if (ancestors(codeA, parents).contains(codeB)) {
			outcome = "subsumed-by";
		} else {
			outcome = "not-subsumed";
		}
		Parameters result = new Parameters();
		result.addParameter().setName("outcome").setValue(new CodeType(outcome));
		return Optional.of(result);
	}

	private static void require(CodeSystem cs, Map<String, Set<String>> parents, String code, String parameter) {
		if (!parents.containsKey(code)) {
			String fragment = cs.getContent() == CodeSystem.CodeSystemContentMode.FRAGMENT
					? " (this server holds only a fragment of it)" : "";
			throw new InvalidRequestException("$subsumes: " + parameter + " '" + code + "' is not a code of "
					+ cs.getUrl() + fragment);
		}
	}

	private static void collect(List<ConceptDefinitionComponent> concepts, String parent, Map<String, Set<String>> parents) {
		for (ConceptDefinitionComponent concept : concepts) {
			Set<String> own = parents.computeIfAbsent(concept.getCode(), c -> new HashSet<>());
			if (parent != null) {
				own.add(parent);
			}
			concept.getProperty().stream()
					.filter(p -> "parent".equals(p.getCode()) && p.hasValue())
					.forEach(p -> own.add(p.getValue().primitiveValue()));
			collect(concept.getConcept(), concept.getCode(), parents);
		}
	}

	private static Set<String> ancestors(String code, Map<String, Set<String>> parents) {
		Set<String> seen = new HashSet<>();
		List<String> todo = new java.util.ArrayList<>(parents.getOrDefault(code, Set.of()));
		while (!todo.isEmpty()) {
			String next = todo.remove(todo.size() - 1);
			if (seen.add(next)) {
				todo.addAll(parents.getOrDefault(next, Set.of()));
			}
		}
		return seen;
	}
}

package org.msfhir.common;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The codes of a ValueSet as {@code system|code} pairs: the one way features turn a ValueSet into a set
 * of codes to match against. Two sources: a validation support chain that expands it (the validator's
 * in-memory copy of the guide), or stored ValueSets looked up by URL, read from their expansion and their
 * enumerated {@code compose.include} concepts, following included ValueSets. ({@code $expand} itself is
 * HAPI's terminology service and its pre-expansion, which the guide loader warms up.)
 */
public final class ValueSetCodes {

	/** Included ValueSets followed at most this deep; deeper means a cycle. */
	private static final int MAX_DEPTH = 5;
	private static final int MAX_CODES = 10_000;

	private ValueSetCodes() {}

	/** {@code system|code}, the key the code sets use. */
	public static String key(String system, String code) {
		return system + "|" + code;
	}

	/**
	 * Expands the ValueSet through the support chain; null if the chain does not know it or cannot
	 * expand it (the caller decides whether that is an error).
	 */
	public static Set<String> expand(IValidationSupport chain, String url) {
		IValidationSupport.ValueSetExpansionOutcome outcome = chain.expandValueSet(
				new ValidationSupportContext(chain), new ValueSetExpansionOptions().setCount(MAX_CODES), url);
		if (outcome == null || !(outcome.getValueSet() instanceof ValueSet expansion)) {
			return null;
		}
		Set<String> codes = new LinkedHashSet<>();
		collect(expansion.getExpansion().getContains(), codes);
		return codes;
	}

	/** Why {@link #expand} found nothing for a URL, for a log line. */
	public static String expansionError(IValidationSupport chain, String url) {
		IValidationSupport.ValueSetExpansionOutcome outcome = chain.expandValueSet(
				new ValidationSupportContext(chain), new ValueSetExpansionOptions().setCount(MAX_CODES), url);
		return outcome == null ? "not found" : outcome.getError();
	}

	/**
	 * The codes a stored ValueSet lists (its expansion, else its {@code compose.include} concepts and
	 * included ValueSets); null if {@code lookup} finds no ValueSet with that URL.
	 */
	public static Set<String> listed(Function<String, IBaseResource> lookup, String url) {
		return listed(lookup, url, 0);
	}

	private static Set<String> listed(Function<String, IBaseResource> lookup, String url, int depth) {
		if (depth > MAX_DEPTH || !(lookup.apply(url) instanceof ValueSet valueSet)) {
			return null;
		}
		Set<String> codes = new LinkedHashSet<>();
		valueSet.getExpansion().getContains().forEach(c -> codes.add(key(c.getSystem(), c.getCode())));
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			include.getConcept().forEach(c -> codes.add(key(include.getSystem(), c.getCode())));
			for (var included : include.getValueSet()) {
				Set<String> nested = listed(lookup, included.getValue(), depth + 1);
				if (nested != null) {
					codes.addAll(nested);
				}
			}
		}
		return codes;
	}

	private static void collect(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> codes) {
		for (ValueSet.ValueSetExpansionContainsComponent item : contains) {
			if (item.hasCode()) {
				codes.add(key(item.getSystem(), item.getCode()));
			}
			collect(item.getContains(), codes);
		}
	}
}

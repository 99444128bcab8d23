package org.msfhir.overrides;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * The validator's JSON parser, remembering which StructureDefinition defines a resource type.
 *
 * <p>To find the definition of {@code "resourceType": "Observation"} the parser scans every
 * StructureDefinition it knows (600+) on every parse; that scan was ~8 % of validation time. The
 * answer never changes while the server runs, so found definitions are kept per type name; a name
 * that is not found goes through the normal lookup and its error every time. One parser per
 * validator engine, used by one thread at a time.
 */
final class TypeCachingJsonParser extends JsonParser {

	private final Map<String, StructureDefinition> byName = new HashMap<>();

	TypeCachingJsonParser(IWorkerContext context) {
		super(context);
	}

	@Override
	protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name)
			throws FHIRFormatError {
		StructureDefinition known = byName.get(name);
		if (known == null) {
			known = super.getDefinition(errors, line, col, name);
			if (known != null) {
				byName.put(name, known);
			}
		}
		return known;
	}
}

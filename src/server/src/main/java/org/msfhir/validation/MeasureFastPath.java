package org.msfhir.validation;

import static org.msfhir.validation.PlainForm.BARE_CODING_ELEMENTS;
import static org.msfhir.validation.PlainForm.CODEABLE_ELEMENTS;
import static org.msfhir.validation.PlainForm.PATIENT_REFERENCE;
import static org.msfhir.validation.PlainForm.SUBJECT_ELEMENTS;
import static org.msfhir.validation.PlainForm.bareConcept;
import static org.msfhir.validation.PlainForm.codingKey;
import static org.msfhir.validation.PlainForm.dateTime;
import static org.msfhir.validation.PlainForm.id;
import static org.msfhir.validation.PlainForm.meta;
import static org.msfhir.validation.PlainForm.only;
import static org.msfhir.validation.PlainForm.plain;
import static org.msfhir.validation.PlainForm.plainString;
import static org.msfhir.validation.PlainForm.reference;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.msfhir.guide.MsTerminology;

/**
 * Recognises, in microseconds, an MS measure observation in its plain form that the full validator
 * would pass without a single error or warning; for those the full validator is not run. It never
 * refuses anything: whatever it does not recognise as certainly clean (an element outside the plain
 * form, a value at or past a limit of the profile, a display, an unusual reference ...) is validated
 * by HAPI's validator as before, so every rejection and every warning still comes from there.
 *
 * <p>Why: the generic validator walks every element against the snapshot, evaluates the FHIRPath
 * invariants of the base specification and re-parses the resource, ~1 ms per resource, which made
 * validated MS writes a third slower than unvalidated ones. Measures are ~90 % of MS resources.
 *
 * <p>Safety: {@code MeasureFastPathTest} runs both paths over generated cohorts and over thousands of
 * variants (every range boundary, every element removed or added, every rule case of the guide) and
 * fails if this class ever accepts what the full validator has anything to say about.
 */
final class MeasureFastPath {

	private static final Pattern PERFORMER_REFERENCE = Pattern.compile(
			"(Practitioner|PractitionerRole|Organization|CareTeam|Patient|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}");
	private static final String UCUM = MsTerminology.UCUM;
	private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
	/** Observation categories of the FHIR code system that measures use (no display: see class comment). */
	private static final Set<String> CATEGORIES = Set.of("exam", "survey", "vital-signs", "procedure", "therapy", "activity");

	private static final Set<String> OBSERVATION_ELEMENTS = Set.of(
			"id", "meta", "status", "category", "code", "subject", "effective[x]", "performer", "value[x]", "component");
	private static final Set<String> PERFORMER_ELEMENTS = Set.of("reference", "identifier", "display");
	private static final Set<String> QUANTITY_ELEMENTS = Set.of("value", "unit", "system", "code");
	private static final Set<String> COMPONENT_ELEMENTS = Set.of("code", "value[x]");

	private final Map<String, MeasureShape> shapes;
	/** {@code system|code} -> the display the code system gives, for the extra codings that carry one. */
	private final Map<String, String> displays;

	MeasureFastPath(Map<String, MeasureShape> shapes, Map<String, String> displays) {
		this.shapes = shapes;
		this.displays = displays;
	}

	/**
	 * Whether the resource is certainly clean against the given profiles: true only for a measure
	 * observation checked against exactly its own profile and found in the plain form.
	 */
	boolean certainlyClean(Object resource, Collection<String> profiles) {
		if (!(resource instanceof Observation observation) || profiles.size() != 1) {
			return false;
		}
		MeasureShape shape = shapes.get(profiles.iterator().next());
		return shape != null && matches(observation, shape);
	}

	private boolean matches(Observation o, MeasureShape shape) {
		if (!only(o, OBSERVATION_ELEMENTS)) {
			return false;
		}
		if (!id(o)) {
			return false;
		}
		return meta(o, shape.profile())
				&& status(o)
				&& categories(o.getCategory())
				&& code(o.getCode(), shape)
				&& reference(o.getSubject(), PATIENT_REFERENCE, SUBJECT_ELEMENTS)
				&& dateTime(o.getEffective())
				&& performers(o.getPerformer(), shape.performerRequired())
				&& (o.hasValue() ? value(o.getValue(), shape.value()) : !shape.valueRequired())
				&& components(o.getComponent(), shape)
				&& shape.crossRules().test(o);
	}

	/** ms-obs-final-status holds for every measure that is not EDSS too: only these four are plain. */
	private static boolean status(Observation o) {
		if (!o.hasStatusElement() || !plain(o.getStatusElement())) {
			return false;
		}
		return switch (o.getStatus()) {
			case FINAL, AMENDED, CORRECTED, ENTEREDINERROR -> true;
			default -> false;
		};
	}

	private static boolean categories(List<CodeableConcept> categories) {
		for (CodeableConcept category : categories) {
			if (!only(category, CODEABLE_ELEMENTS) || category.getCoding().isEmpty()) {
				return false;
			}
			for (Coding coding : category.getCoding()) {
				if (!only(coding, BARE_CODING_ELEMENTS)
						|| !plainString(coding.getSystemElement(), CATEGORY_SYSTEM)
						|| !plain(coding.getCodeElement())
						|| !CATEGORIES.contains(coding.getCode())) {
					return false;
				}
			}
		}
		return true;
	}

	/** The defining coding exactly once, plus the profile's known extra codings, each at most once. */
	private boolean code(CodeableConcept code, MeasureShape shape) {
		if (!only(code, CODEABLE_ELEMENTS)) {
			return false;
		}
		String defining = shape.codeSystem() + "|" + shape.code();
		Set<String> seen = new HashSet<>();
		for (Coding coding : code.getCoding()) {
			String key = codingKey(coding, displays);
			if (key == null || !(key.equals(defining) || shape.extraCodings().contains(key)) || !seen.add(key)) {
				return false;
			}
		}
		return seen.contains(defining);
	}

	private static boolean performers(List<Reference> performers, boolean required) {
		if (required && performers.isEmpty()) {
			return false;
		}
		for (Reference performer : performers) {
			if (!reference(performer, PERFORMER_REFERENCE, PERFORMER_ELEMENTS)) {
				return false;
			}
		}
		return true;
	}

	/** Each component once per code, its code one plain coding of the profile, with a value in range. */
	private static boolean components(List<Observation.ObservationComponentComponent> components, MeasureShape shape) {
		Set<String> seen = new HashSet<>();
		for (Observation.ObservationComponentComponent component : components) {
			if (!only(component, COMPONENT_ELEMENTS) || !component.hasValue()) {
				return false;
			}
			CodeableConcept code = component.getCode();
			if (!only(code, CODEABLE_ELEMENTS) || code.getCoding().size() != 1) {
				return false;
			}
			Coding coding = code.getCodingFirstRep();
			if (!only(coding, BARE_CODING_ELEMENTS) || !plain(coding.getSystemElement()) || !plain(coding.getCodeElement())) {
				return false;
			}
			String key = coding.getSystem() + "|" + coding.getCode();
			MeasureShape.Value rule = shape.components().get(key);
			if (rule == null || !value(component.getValue(), rule)) {
				return false;
			}
			// a slice of at most one, or a repeating coded slice with a different code each time
			String once = rule instanceof MeasureShape.Coded ? key + " " + codedKey(component.getValue()) : key;
			if (!seen.add(once)) {
				return false;
			}
		}
		return true;
	}

	/** A value strictly inside what the profile allows (limits included), in the plain form. */
	private static boolean value(Type value, MeasureShape.Value rule) {
		if (rule instanceof MeasureShape.IntegerRange range) {
			return value instanceof IntegerType integer
					&& plain(integer)
					&& integer.getValue() >= range.min()
					&& integer.getValue() <= range.max();
		}
		if (rule instanceof MeasureShape.Coded coded) {
			return bareConcept(value, coded.codes());
		}
		MeasureShape.UcumQuantity quantity = (MeasureShape.UcumQuantity) rule;
		if (!(value instanceof Quantity q) || !only(q, QUANTITY_ELEMENTS)) {
			return false;
		}
		if (!plain(q.getValueElement())
				|| !plainString(q.getSystemElement(), UCUM)
				|| !plainString(q.getCodeElement(), quantity.ucumCode())
				|| q.hasUnitElement() && !(plain(q.getUnitElement()) && quantity.units().contains(q.getUnit()))) {
			return false;
		}
		BigDecimal number = q.getValue();
		String written = q.getValueElement().getValueAsString();
		return number.precision() <= 18
				&& written != null
				&& written.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")
				&& quantity.range().test(number)
				&& (quantity.textRule() == null || written.matches(quantity.textRule()));
	}

	private static String codedKey(Type value) {
		Coding coding = ((CodeableConcept) value).getCodingFirstRep();
		return coding.getSystem() + "|" + coding.getCode();
	}
}

package org.msfhir.validation;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Checks shared by the fast paths ({@link MeasureFastPath}, {@link ConditionFastPath}): whether an
 * element is in the plain form that the full validator is known to pass without a message. Each check
 * answers false for anything unusual; false never rejects, it only sends the resource to the full
 * validator.
 */
final class PlainForm {

	static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	static final Pattern PATIENT_REFERENCE = Pattern.compile("Patient/[A-Za-z0-9\\-.]{1,64}");
	static final Pattern UUID_REFERENCE =
			Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	/** Dates and date-times as FHIR writes them; a time needs a zone. */
	static final Pattern DATE_TIME = Pattern.compile(
			"[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?");
	private static final Pattern IDENTIFIER_SYSTEM = Pattern.compile("https?://[A-Za-z0-9.\\-]+(/[A-Za-z0-9._\\-]+)*");

	private static final Set<String> META_ELEMENTS = Set.of("profile", "versionId", "lastUpdated");
	static final Set<String> CODEABLE_ELEMENTS = Set.of("coding");
	static final Set<String> BARE_CODING_ELEMENTS = Set.of("system", "code");
	private static final Set<String> CODING_ELEMENTS = Set.of("system", "code", "display");
	static final Set<String> SUBJECT_ELEMENTS = Set.of("reference");
	private static final Set<String> IDENTIFIER_ELEMENTS = Set.of("system", "value");

	private PlainForm() {}

	/** A plain logical id, if the resource has one. */
	static boolean id(Resource resource) {
		return !resource.hasIdElement()
				|| resource.getIdElement().getIdPart() != null && ID.matcher(resource.getIdElement().getIdPart()).matches();
	}

	/** Meta with at most a version, a last-updated instant and claims of exactly this profile. */
	static boolean meta(Resource resource, String profile) {
		if (!resource.hasMeta()) {
			return true;
		}
		if (!only(resource.getMeta(), META_ELEMENTS)) {
			return false;
		}
		for (CanonicalType claim : resource.getMeta().getProfile()) {
			if (!plain(claim) || !profile.equals(claim.getValue())) {
				return false;
			}
		}
		return (!resource.getMeta().hasVersionIdElement() || plain(resource.getMeta().getVersionIdElement())
						&& ID.matcher(resource.getMeta().getVersionId()).matches())
				&& (!resource.getMeta().hasLastUpdatedElement() || plain(resource.getMeta().getLastUpdatedElement()));
	}

	/** A reference by a literal matching {@code literal} or a urn:uuid, an identifier and/or a display. */
	static boolean reference(Reference reference, Pattern literal, Set<String> allowed) {
		if (reference == null || reference.isEmpty() || !only(reference, allowed)) {
			return false;
		}
		if (reference.hasReferenceElement()) {
			if (!plain(reference.getReferenceElement_())) {
				return false;
			}
			String value = reference.getReference();
			if (!literal.matcher(value).matches() && !UUID_REFERENCE.matcher(value).matches()) {
				return false;
			}
		}
		if (reference.hasIdentifier()) {
			Identifier identifier = reference.getIdentifier();
			if (!only(identifier, IDENTIFIER_ELEMENTS)
					|| !plain(identifier.getSystemElement())
					|| !IDENTIFIER_SYSTEM.matcher(identifier.getSystem()).matches()
					|| !plainString(identifier.getValueElement(), null)) {
				return false;
			}
		}
		return !reference.hasDisplayElement() || plainString(reference.getDisplayElement(), null);
	}

	/** A dateTime (not a Period or another choice) in the plain form. */
	static boolean dateTime(Type value) {
		return value instanceof DateTimeType dateTime && plain(dateTime) && DATE_TIME.matcher(dateTime.getValueAsString()).matches();
	}

	/** One coding with system and code only, from {@code codes} ({@code system|code}). */
	static boolean bareConcept(Base value, Set<String> codes) {
		if (!(value instanceof CodeableConcept concept) || !only(concept, CODEABLE_ELEMENTS)
				|| concept.getCoding().size() != 1) {
			return false;
		}
		Coding coding = concept.getCodingFirstRep();
		return only(coding, BARE_CODING_ELEMENTS)
				&& plain(coding.getSystemElement())
				&& plain(coding.getCodeElement())
				&& codes.contains(coding.getSystem() + "|" + coding.getCode());
	}

	/**
	 * {@code system|code} of a coding with at most system, code and display, all plain, whose display
	 * (if any) is the one {@code displays} gives for it; otherwise null.
	 */
	static String codingKey(Coding coding, Map<String, String> displays) {
		if (!only(coding, CODING_ELEMENTS) || !plain(coding.getSystemElement()) || !plain(coding.getCodeElement())) {
			return null;
		}
		String key = coding.getSystem() + "|" + coding.getCode();
		if (coding.hasDisplayElement()
				&& !(plain(coding.getDisplayElement()) && coding.getDisplay().equals(displays.get(key)))) {
			return null;
		}
		return key;
	}

	/** Whether the element has nothing (no id, no extension, no other element) beyond the named ones. */
	static boolean only(Base element, Set<String> allowed) {
		for (org.hl7.fhir.r4.model.Property property : element.children()) {
			if (property.hasValues() && !allowed.contains(property.getName())) {
				return false;
			}
		}
		return true;
	}

	/** A primitive with a value and nothing else (no id, no extension). */
	static boolean plain(PrimitiveType<?> primitive) {
		return primitive != null && primitive.getValue() != null && !primitive.hasExtension() && primitive.getId() == null;
	}

	/** A plain string without surrounding or control whitespace; equal to {@code expected} if given. */
	static boolean plainString(PrimitiveType<?> primitive, String expected) {
		if (!plain(primitive)) {
			return false;
		}
		String text = primitive.getValueAsString();
		if (expected != null) {
			return expected.equals(text);
		}
		if (text.isEmpty() || text.length() > 200 || !text.strip().equals(text)) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (Character.isISOControl(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}
}

package org.msfhir.bulkexport.deid;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a de-identified export keeps: the code systems whose codes survive (with the shape a code of
 * each must have), the extensions that survive, and per resource type the top-level elements a study
 * needs. Everything not named here is dropped by {@link Deidentifier}.
 */
final class AllowList {

	static final String UCUM = "http://unitsofmeasure.org";
	/** Canonical base of this server's implementation guide (profiles, extensions, value sets). */
	static final String GUIDE_BASE = "http://msfhir.org/fhir/";

	/** Well-known terminologies and the shape of their codes (a code of another shape is dropped). */
	private static final Map<String, Pattern> SYSTEMS = Map.ofEntries(
			Map.entry("http://snomed.info/sct", Pattern.compile("\\d{6,18}")),
			Map.entry("http://loinc.org", Pattern.compile("(LP|LA)?\\d{1,7}-\\d")),
			Map.entry("http://www.nlm.nih.gov/research/umls/rxnorm", Pattern.compile("\\d{1,10}")),
			Map.entry("http://www.whocc.no/atc", Pattern.compile("[A-Z](\\d{2}([A-Z]([A-Z](\\d{2})?)?)?)?")),
			Map.entry("http://hl7.org/fhir/sid/icd-10", Pattern.compile("[A-Z]\\d{2}(\\.[0-9A-Z]{1,4})?")),
			Map.entry("http://hl7.org/fhir/sid/icd-10-cm", Pattern.compile("[A-Z]\\d{2}(\\.[0-9A-Z]{1,4})?")),
			Map.entry("http://fhir.de/CodeSystem/bfarm/icd-10-gm", Pattern.compile("[A-Z]\\d{2}(\\.[0-9A-Z]{1,4})?[!+*†]?")),
			Map.entry(UCUM, Pattern.compile("[!-~]{1,40}")),
			Map.entry(GUIDE_BASE + "CodeSystem/ms-concepts", Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}")));

	/** Code systems of FHIR itself and of HL7 terminology: identifier-like codes only. */
	private static final List<String> FHIR_SYSTEM_PREFIXES =
			List.of("http://hl7.org/fhir/", "http://terminology.hl7.org/CodeSystem/");
	private static final Pattern FHIR_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** Extensions kept (their values go through the same rules); the guide's own are kept too. */
	private static final Set<String> EXTENSIONS = Set.of(
			"http://hl7.org/fhir/StructureDefinition/condition-dueTo",
			"http://hl7.org/fhir/StructureDefinition/data-absent-reason");

	/**
	 * Per resource type, the top-level elements kept (besides id and allowed extensions). Types not
	 * listed keep every top-level element, each then filtered by the data-type rules.
	 */
	private static final Map<String, Set<String>> ELEMENTS = Map.ofEntries(
			Map.entry("Patient", Set.of("gender", "birthDate", "deceased", "address")),
			Map.entry("Observation", Set.of("status", "category", "code", "subject", "encounter", "effective",
					"issued", "performer", "value", "dataAbsentReason", "interpretation", "bodySite", "method",
					"hasMember", "derivedFrom", "component", "referenceRange", "partOf", "basedOn", "focus")),
			Map.entry("Condition", Set.of("clinicalStatus", "verificationStatus", "category", "severity", "code",
					"bodySite", "subject", "encounter", "onset", "abatement", "recordedDate", "recorder",
					"asserter", "stage", "evidence")),
			Map.entry("MedicationStatement", Set.of("status", "statusReason", "category", "medication", "subject",
					"context", "effective", "dateAsserted", "informationSource", "reasonCode", "reasonReference",
					"dosage", "partOf", "basedOn", "derivedFrom")),
			Map.entry("MedicationRequest", Set.of("status", "statusReason", "intent", "category", "priority",
					"doNotPerform", "medication", "subject", "encounter", "authoredOn", "requester", "performer",
					"reasonCode", "reasonReference", "dosageInstruction", "basedOn")),
			Map.entry("MedicationAdministration", Set.of("status", "statusReason", "category", "medication",
					"subject", "context", "effective", "performer", "reasonCode", "reasonReference", "request",
					"dosage")),
			Map.entry("Procedure", Set.of("status", "statusReason", "category", "code", "subject", "encounter",
					"performed", "recorder", "asserter", "performer", "reasonCode", "reasonReference", "bodySite",
					"outcome", "complication", "followUp", "usedCode", "partOf", "basedOn")),
			Map.entry("Encounter", Set.of("status", "class", "type", "serviceType", "priority", "subject",
					"participant", "period", "length", "reasonCode", "reasonReference", "diagnosis",
					"serviceProvider", "partOf")),
			Map.entry("DiagnosticReport", Set.of("status", "category", "code", "subject", "encounter",
					"effective", "issued", "performer", "resultsInterpreter", "result", "conclusionCode", "basedOn")),
			Map.entry("ImagingStudy", Set.of("status", "modality", "subject", "encounter", "started",
					"numberOfSeries", "numberOfInstances", "procedureCode", "reasonCode", "reasonReference")),
			Map.entry("Immunization", Set.of("status", "statusReason", "vaccineCode", "patient", "encounter",
					"occurrence", "primarySource", "route", "site", "doseQuantity", "performer", "reasonCode",
					"isSubpotent", "protocolApplied")),
			Map.entry("AllergyIntolerance", Set.of("clinicalStatus", "verificationStatus", "type", "category",
					"criticality", "code", "patient", "encounter", "onset", "recordedDate", "recorder",
					"asserter", "lastOccurrence", "reaction")),
			Map.entry("Practitioner", Set.of("gender", "qualification")),
			Map.entry("PractitionerRole", Set.of("active", "practitioner", "organization", "code", "specialty")),
			Map.entry("Organization", Set.of("active", "type", "partOf")),
			Map.entry("Medication", Set.of("code", "status", "form", "amount", "ingredient")),
			Map.entry("Group", Set.of("type", "actual", "code", "quantity", "characteristic", "member")));

	/** The criterion names a cohort Group carries in {@code characteristic.code.text} (docs/cohorts.md). */
	static final Set<String> COHORT_CRITERIA = Set.of("diagnosis", "diagnosis-date", "medication-current",
			"medication-ever", "medication-valueset-current", "medication-valueset-ever", "edss-latest",
			"edss-at-date", "age", "evaluation-date");

	private final Map<String, Pattern> systems;

	/** @param extraSystems further code systems to keep (codes without whitespace, at most 64 characters) */
	AllowList(List<String> extraSystems) {
		java.util.HashMap<String, Pattern> all = new java.util.HashMap<>(SYSTEMS);
		for (String system : extraSystems) {
			all.putIfAbsent(system, FHIR_CODE);
		}
		this.systems = Map.copyOf(all);
	}

	/** Whether a coding with this system and code is kept. */
	boolean keepsCoding(String system, String code) {
		if (system == null || code == null) {
			return false;
		}
		Pattern shape = systems.get(system);
		if (shape == null && FHIR_SYSTEM_PREFIXES.stream().anyMatch(system::startsWith)) {
			shape = FHIR_CODE;
		}
		return shape != null && shape.matcher(code).matches();
	}

	boolean keepsExtension(String url) {
		return url != null && (EXTENSIONS.contains(url) || url.startsWith(GUIDE_BASE + "StructureDefinition/"));
	}

	/** Whether a top-level element (name without {@code [x]}) of this type is kept. */
	boolean keepsElement(String resourceType, String element) {
		Set<String> kept = ELEMENTS.get(resourceType);
		return kept == null || kept.contains(element);
	}

	/** The resource types with their own element list (documentation and tests). */
	static Set<String> listedTypes() {
		return new LinkedHashSet<>(ELEMENTS.keySet());
	}
}

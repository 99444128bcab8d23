package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The fast path for plain MS measures against the full validator, as the oracle: whatever the fast
 * path accepts, the full validator must pass without a single error or warning. Checked over
 * generated patients and over thousands of variants of every kind of measure: each value replaced by
 * each boundary of every profile, each element removed, unknown or unusual elements added. (The rule
 * cases of the guide also run with the fast path on, in MsResourceValidatorTest and MsValidationIT.)
 */
class MeasureFastPathTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static FastPathOracle oracle;

	/** Numbers around every limit of every measure profile. */
	private static final List<String> NUMBERS = List.of("-1", "0", "0.0", "0.5", "1", "1.0", "1.5", "2.25", "3", "4", "5",
			"6", "7", "9.5", "10", "10.0", "10.5", "11", "20", "21", "84", "85", "110", "111", "180", "180.01", "181", "300",
			"300.5", "301", "0.001", "1e2", "12345678901234567890");
	/** Strings any text element is tried with. */
	private static final List<String> ANY_TEXT = List.of("", " padded", "padded ", "other", "line\nbreak");
	/** Strings tried by the name of the element they replace. */
	private static final Map<String, List<String>> STRINGS = Map.of(
			"status", List.of("final", "preliminary", "amended", "corrected", "entered-in-error", "cancelled", "unknown",
					"registered"),
			"effectiveDateTime", List.of("2020", "2020-02", "2020-02-30", "2020-01-01T10:00:00", "2020-01-01T10:00:00Z",
					"2020-01-01T10:00:00+01:00", "2020-01-01T25:00:00Z", "2020-01-01T10:00Z", "0001-01-01", "9999-12-31"),
			"reference", List.of("Patient/1", "Patient/a.b-c", "Group/1", "Practitioner/7", "Patient/has space",
					"http://example.org/Patient/1", "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", "urn:uuid:not-a-uuid",
					"#contained", "Patient/" + "x".repeat(65)),
			"system", List.of("http://unitsofmeasure.org", "http://loinc.org", "http://snomed.info/sct",
					"http://msfhir.org/fhir/CodeSystem/ms-concepts", "http://example.org/codes",
					"http://terminology.hl7.org/CodeSystem/observation-category", "urn:oid:1.2.3"),
			"code", List.of("s", "m", "min", "{score}", "score", "edss", "edss-fs-other", "edss-fs-pyramidal",
					"penn-spasm-severity", "9hpt-dominant-hand", "pain-type", "pain-neuropathic", "72514-3", "273554001",
					"exam", "survey", "laboratory"),
			"unit", List.of("s", "m", "score", "{score}", "seconds"),
			"display", List.of("Kurtzke multiple sclerosis rating scale", "EDSS total", "Exam"),
			"profile", List.of("http://msfhir.org/fhir/StructureDefinition/ms-edss",
					"http://msfhir.org/fhir/StructureDefinition/ms-pain-score",
					"http://msfhir.org/fhir/StructureDefinition/ms-edss|0.1.0", "http://example.org/StructureDefinition/x"),
			"id", List.of("obs-1", "has space", "x".repeat(65)));

	/** Elements added whole, at the top level or inside, each on its own. */
	private static final List<String[]> ADDITIONS = JsonVariants.withCommonAdditions(additions());

	@BeforeAll
	static void buildValidator() {
		oracle = FastPathOracle.fromSources(FHIR);
	}

	@Test
	void acceptsAlmostEveryGeneratedMeasureAndTheFullValidatorAgrees() {
		// MRI activity assessments have no fast path: the full validator checks them (and is asked here too)
		oracle.checkGenerated(8, r -> r instanceof Observation o
				&& !o.getMeta().hasProfile(MsProfiles.MRI_ACTIVITY), 500, "measures");
	}


	@Test
	void neverAcceptsAVariantTheFullValidatorHasSomethingToSayAbout() {
		oracle.checkVariants(baseResources(), NUMBERS, STRINGS, ANY_TEXT, ADDITIONS, "measure");
	}

	/** One generated measure of each profile, and the guide's measure examples. */
	private static List<ObjectNode> baseResources() {
		Map<String, ObjectNode> byProfile = new LinkedHashMap<>();
		CohortGenerator generator = new CohortGenerator(11);
		for (int p = 0; p < 6; p++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(p).getEntry()) {
				if (entry.getResource() instanceof Observation observation) {
					String key = observation.getMeta().getProfile().toString() + observation.getComponent().size();
					byProfile.putIfAbsent(key, (ObjectNode) JsonVariants.json(FHIR.newJsonParser().encodeResourceToString(observation)));
				}
			}
		}
		List<ObjectNode> bases = new ArrayList<>(byProfile.values());
		for (String example : MsRuleCases.profiledExamples()) {
			if (example.startsWith("Observation-")) {
				bases.add(MsRuleCases.example(example));
			}
		}
		// the same with the references a stored resource has
		for (ObjectNode base : List.copyOf(byProfile.values())) {
			ObjectNode stored = base.deepCopy();
			stored.putObject("subject").put("reference", "Patient/123");
			stored.put("id", "obs-1");
			bases.add(stored);
		}
		return bases;
	}

	private static List<String[]> additions() {
		Additions a = new Additions();
		a.put(".text", "{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">EDSS</div>\"}");
		a.put(".note[+]", "{\"text\":\"seen in clinic\"}");
		a.put("._status", "{\"extension\":[{\"url\":\"http://example.org/x\",\"valueString\":\"x\"}]}");
		a.put(".encounter", "{\"reference\":\"Encounter/1\"}");
		a.put(".issued", "\"2020-01-01T10:00:00Z\"");
		a.put(".interpretation[+]", "{\"text\":\"high\"}");
		a.put(".dataAbsentReason", "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/data-absent-reason\",\"code\":\"unknown\"}]}");
		a.put(".bodySite", "{\"text\":\"left leg\"}");
		a.put(".method", "{\"text\":\"standard\"}");
		a.put(".referenceRange[+]", "{\"text\":\"normal\"}");
		a.put(".implicitRules", "\"http://example.org/rules\"");
		a.put(".meta.profile[+]", "\"http://msfhir.org/fhir/StructureDefinition/ms-sdmt\"");
		a.put(".meta.source", "\"http://example.org/source\"");
		a.put(".meta.lastUpdated", "\"2020-01-01T10:00:00Z\"");
		a.put(".code.text", "\"score\"");
		a.put(".code.coding[+]", "{\"system\":\"http://snomed.info/sct\",\"code\":\"273554001\",\"display\":\"wrong display\"}");
		a.put(".code.coding[+]", "{\"system\":\"http://snomed.info/sct\",\"code\":\"273554001\"}");
		a.put(".code.coding[+]", "{\"system\":\"http://loinc.org\",\"code\":\"72514-3\"}");
		a.put(".code.coding[+]", "{\"system\":\"http://example.org/local\",\"code\":\"x\"}");
		a.put(".category[+]", "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"exam\",\"display\":\"Exam\"}]}");
		a.put(".category[+]", "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"no-such-category\"}]}");
		a.put(".category[+]", "{\"text\":\"exam\"}");
		a.put(".performer[+]", "{\"reference\":\"Practitioner/1\"}");
		a.put(".performer[+]", "{\"reference\":\"Device/1\"}");
		a.put(".performer[+]", "{\"display\":\" padded\"}");
		a.put(".performer[+]", "{\"identifier\":{\"system\":\"urn:oid:1.2.3\",\"value\":\"x\"}}");
		a.put(".performer[+]", "{\"type\":\"Practitioner\",\"reference\":\"Practitioner/1\"}");
		a.put(".subject.identifier", "{\"system\":\"http://example.org/mrn\",\"value\":\"1\"}");
		a.put(".valueQuantity.comparator", "\"<\"");
		a.put(".valueQuantity.id", "\"q\"");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"edss-fs-other\"}]},\"valueInteger\":1}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"edss-fs-visual\"}]},\"dataAbsentReason\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/data-absent-reason\",\"code\":\"not-performed\"}]}}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"penn-spasm-severity\"}]},\"valueInteger\":2}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"9hpt-dominant-hand\"}]},\"valueQuantity\":{\"value\":20,\"system\":\"http://unitsofmeasure.org\",\"code\":\"s\"}}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"edss-ambulation\"}]},\"valueQuantity\":{\"value\":500,\"unit\":\"m\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"m\"}}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"72514-3\"}]},\"valueInteger\":2}");
		a.put(".component[+]", "{\"code\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"pain-type\"}]},\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://msfhir.org/fhir/CodeSystem/ms-concepts\",\"code\":\"neuropathic\"}]}}");
		a.put(".valueString", "\"5\"");
		a.put(".effectivePeriod", "{\"start\":\"2020-01-01\"}");
		return a.list;
	}

	private static final class Additions {
		final List<String[]> list = new ArrayList<>();

		void put(String path, String json) {
			list.add(new String[] {path, json});
		}
	}
}

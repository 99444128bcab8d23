package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.guide.MsTerminology;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The fast path for plain MS diagnoses and relapses against the full validator, as the oracle:
 * whatever the fast path accepts, the full validator must pass without a single error or warning.
 * Checked over generated patients and thousands of variants: every value replaced by codes, dates,
 * references and texts around every rule of both profiles and of the base Condition, every element
 * removed, unusual elements added.
 */
class ConditionFastPathTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String SCT = MsTerminology.SNOMED;
	private static final String MSC = MsTerminology.MS_CONCEPTS;
	private static FastPathOracle oracle;

	private static final List<String> NUMBERS = List.of("0", "1", "-1", "2.5");
	private static final List<String> ANY_TEXT = List.of("", " padded", "padded ", "other", "line\nbreak");
	private static final List<String> DATES = List.of("2020", "2020-02", "2020-02-30", "2020-01-01T10:00:00",
			"2020-01-01T10:00:00Z", "2020-01-01T10:00:00+01:00", "2020-01-01T25:00:00Z", "0001-01-01", "9999-12-31");
	private static final Map<String, List<String>> STRINGS = Map.ofEntries(
			Map.entry("code", List.of("426373005", "425500002", "428700003", "445967004", "16415361000119105",
					"24700007", "192929006", "G35", "G35.0", "active", "recurrence", "relapse", "inactive", "remission",
					"resolved", "unknown", "confirmed", "provisional", "refuted", "entered-in-error",
					"problem-list-item", "encounter-diagnosis", "health-concern", "not-active", "indeterminate",
					"with-progression", "without-progression", "relapse-severity-mild", "relapse-severity-severe",
					"relapse-recovery-partial", "relapse-recovery-none", "edss")),
			Map.entry("system", List.of(SCT, "http://hl7.org/fhir/sid/icd-10", MSC,
					"http://terminology.hl7.org/CodeSystem/condition-clinical",
					"http://terminology.hl7.org/CodeSystem/condition-ver-status",
					"http://terminology.hl7.org/CodeSystem/condition-category", "http://example.org/codes")),
			Map.entry("url", List.of("activity", "progression", "assessed", "other", ConditionFastPath.LUBLIN,
					ConditionFastPath.DUE_TO, ConditionFastPath.RECOVERY, ConditionFastPath.STEROIDS,
					"http://example.org/extension")),
			Map.entry("reference", List.of("Patient/1", "Patient/a.b-c", "Condition/1", "Group/1", "Patient/has space",
					"http://example.org/Patient/1", "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", "urn:uuid:not-a-uuid",
					"#contained")),
			Map.entry("display", List.of("Multiple sclerosis", "Relapsing remitting multiple sclerosis",
					"Exacerbation of multiple sclerosis", "Primary progressive multiple sclerosis", "MS")),
			Map.entry("onsetDateTime", DATES),
			Map.entry("abatementDateTime", DATES),
			Map.entry("recordedDate", DATES),
			Map.entry("valueDateTime", DATES),
			Map.entry("profile", List.of(MsProfiles.DIAGNOSIS, MsProfiles.RELAPSE, MsProfiles.DIAGNOSIS + "|0.1.0",
					MsProfiles.EDSS, "http://example.org/StructureDefinition/x")),
			Map.entry("id", List.of("c-1", "has space", "x".repeat(65))));

	private static final List<String[]> ADDITIONS = JsonVariants.withCommonAdditions(List.of(
			new String[] {".text", "{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">MS</div>\"}"},
			new String[] {".note[+]", "{\"text\":\"seen in clinic\"}"},
			new String[] {".recorder", "{\"reference\":\"Practitioner/1\"}"},
			new String[] {".asserter", "{\"reference\":\"Practitioner/1\"}"},
			new String[] {".encounter", "{\"reference\":\"Encounter/1\"}"},
			new String[] {".evidence[+]", "{\"detail\":[{\"reference\":\"Observation/1\"}]}"},
			new String[] {".stage[+]", "{\"summary\":{\"text\":\"early\"}}"},
			new String[] {".bodySite[+]", "{\"text\":\"brain\"}"},
			new String[] {".severity", "{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"relapse-severity-mild\"}]}"},
			new String[] {".severity", "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"24484000\"}]}"},
			new String[] {".abatementDateTime", "\"2030-01-01\""},
			new String[] {".abatementString", "\"in remission\""},
			new String[] {".onsetPeriod", "{\"start\":\"2020-01-01\"}"},
			new String[] {".onsetAge", "{\"value\":30,\"system\":\"http://unitsofmeasure.org\",\"code\":\"a\"}"},
			new String[] {".extension[+]", "{\"url\":\"" + ConditionFastPath.STEROIDS + "\",\"valueBoolean\":false}"},
			new String[] {".extension[+]", "{\"url\":\"" + ConditionFastPath.RECOVERY + "\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"relapse-recovery-none\"}]}}"},
			new String[] {".extension[+]", "{\"url\":\"" + ConditionFastPath.DUE_TO + "\",\"valueReference\":{\"reference\":\"Condition/9\"}}"},
			new String[] {".extension[+]", "{\"url\":\"" + ConditionFastPath.LUBLIN + "\",\"extension\":[{\"url\":\"activity\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"active\"}]}},{\"url\":\"assessed\",\"valueDateTime\":\"2021-01-01\"}]}"},
			new String[] {".extension[0].extension[+]", "{\"url\":\"progression\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"with-progression\"}]}}"},
			new String[] {".extension[0].extension[+]", "{\"url\":\"activity\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"not-active\"}]}}"},
			new String[] {".clinicalStatus.text", "\"active\""},
			new String[] {".clinicalStatus.coding[+]", "{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}"},
			new String[] {".verificationStatus.coding[0].display", "\"Confirmed\""},
			new String[] {".category[+]", "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-category\",\"code\":\"problem-list-item\",\"display\":\"Problem List Item\"}]}"},
			new String[] {".category[+]", "{\"text\":\"neurology\"}"},
			new String[] {".code.text", "\"MS\""},
			new String[] {".code.coding[+]", "{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"G35\"}"},
			new String[] {".code.coding[+]", "{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"G35\",\"display\":\"Multiple sclerosis\"}"},
			new String[] {".code.coding[+]", "{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"G37\"}"},
			new String[] {".code.coding[+]", "{\"system\":\"" + SCT + "\",\"code\":\"24700007\"}"},
			new String[] {".code.coding[+]", "{\"system\":\"" + SCT + "\",\"code\":\"426373005\"}"},
			new String[] {".code.coding[+]", "{\"system\":\"http://example.org/local\",\"code\":\"x\"}"},
			new String[] {".subject.identifier", "{\"system\":\"http://example.org/mrn\",\"value\":\"1\"}"},
			new String[] {".meta.profile[+]", "\"" + MsProfiles.RELAPSE + "\""},
			new String[] {".meta.source", "\"http://example.org/source\""},
			new String[] {".meta.lastUpdated", "\"2020-01-01T10:00:00Z\""}));

	@BeforeAll
	static void buildValidator() {
		oracle = FastPathOracle.fromSources(FHIR);
	}

	@Test
	void acceptsAlmostEveryGeneratedConditionAndTheFullValidatorAgrees() {
		oracle.checkGenerated(40, Condition.class::isInstance, 80, "conditions");
	}


	@Test
	void neverAcceptsAVariantTheFullValidatorHasSomethingToSayAbout() {
		oracle.checkVariants(baseResources(), NUMBERS, STRINGS, ANY_TEXT, ADDITIONS, "condition");
	}

	/** Generated diagnoses of each course and relapses of each form, the guide's examples, stored forms. */
	private static List<ObjectNode> baseResources() {
		Map<String, ObjectNode> byShape = new LinkedHashMap<>();
		CohortGenerator generator = new CohortGenerator(11);
		for (int p = 0; p < 40; p++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(p).getEntry()) {
				if (entry.getResource() instanceof Condition condition) {
					String key = condition.getMeta().getProfile() + " " + condition.getCode().getCodingFirstRep().getCode()
							+ " " + condition.getCode().getCoding().size() + " " + condition.getExtension().size()
							+ " " + condition.hasAbatement();
					byShape.putIfAbsent(key, (ObjectNode) JsonVariants.json(FHIR.newJsonParser().encodeResourceToString(condition)));
				}
			}
		}
		List<ObjectNode> bases = new ArrayList<>(byShape.values());
		for (String example : MsRuleCases.profiledExamples()) {
			if (example.startsWith("Condition-")) {
				bases.add(MsRuleCases.example(example));
			}
		}
		for (ObjectNode base : List.copyOf(byShape.values())) {
			ObjectNode stored = base.deepCopy();
			stored.putObject("subject").put("reference", "Patient/123");
			stored.put("id", "c-1");
			bases.add(stored);
		}
		System.out.printf("%d base conditions%n", bases.size());
		return bases;
	}
}

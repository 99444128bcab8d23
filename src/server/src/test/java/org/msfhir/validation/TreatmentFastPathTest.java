package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.guide.MsTerminology;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The fast path for plain MS medication statements and care plans against the full validator, as
 * the oracle: whatever the fast path accepts, the full validator must pass without a single error or
 * warning. Checked over generated patients and thousands of variants: every value replaced by codes,
 * statuses, dates, references and texts around every rule of both profiles and of their base
 * resources, every element removed, unusual elements added.
 */
class TreatmentFastPathTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String SCT = MsTerminology.SNOMED;
	private static final String MSC = MsTerminology.MS_CONCEPTS;
	private static FastPathOracle oracle;

	private static final String ATC = MsTerminology.ATC;

	private static final List<String> NUMBERS = List.of("0", "1", "-1", "2.5");
	private static final List<String> ANY_TEXT = List.of("", " padded", "padded ", "other", "line\nbreak");
	private static final List<String> DATES = List.of("2020", "2020-02", "2020-02-30", "2020-01-01T10:00:00",
			"2020-01-01T10:00:00Z", "2020-01-01T10:00:00+01:00", "2020-01-01T25:00:00Z", "0001-01-01", "9999-12-31",
			"2010-01-27", "2014-05-27", "2014-05-26", "2030-01-01");
	private static final Map<String, List<String>> STRINGS = Map.ofEntries(
			Map.entry("code", List.of("M03BX01", "M03BX02", "L03AB13", "L03AB07", "L04AA31", "L04AG06", "L04AX07",
					"N03AX12", "N03AX16", "N06AX21", "L04AA27", "X00XX00", "dmt", "symptomatic", "other",
					"221360009", "247398009", "426373005", "192929006", "84229001", "91251008", "84478008",
					"5154007", "304891004", "care-dmt", "care-spasticity", "unknown")),
			Map.entry("system", List.of(ATC, SCT, MSC, "http://www.nlm.nih.gov/research/umls/rxnorm",
					"http://example.org/codes")),
			Map.entry("status", List.of("active", "completed", "entered-in-error", "intended", "stopped", "on-hold",
					"unknown", "not-taken", "draft", "revoked", "not-started", "scheduled", "in-progress", "cancelled",
					"final")),
			Map.entry("intent", List.of("proposal", "plan", "order", "option", "directive")),
			Map.entry("reference", List.of("Patient/1", "Patient/a.b-c", "Condition/1", "Observation/2", "Group/1",
					"Patient/has space", "http://example.org/Patient/1", "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7",
					"urn:uuid:not-a-uuid", "#contained")),
			Map.entry("display", List.of("baclofen", "Baclofen", "peginterferon beta-1a", "Physical therapy procedure",
					"Disease-modifying therapy management", "other")),
			Map.entry("start", DATES),
			Map.entry("end", DATES),
			Map.entry("dateAsserted", DATES),
			Map.entry("title", List.of("Physical therapy procedure", "MS care plan", "x".repeat(300))),
			Map.entry("profile", List.of(MsProfiles.MEDICATION_STATEMENT, MsProfiles.CARE_PLAN,
					MsProfiles.CARE_PLAN + "|0.1.0", MsProfiles.EDSS, "http://example.org/StructureDefinition/x")),
			Map.entry("id", List.of("t-1", "has space", "x".repeat(65))));

	private static final List<String[]> ADDITIONS = JsonVariants.withCommonAdditions(List.of(
			new String[] {".text", "{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">MS</div>\"}"},
			new String[] {".note[+]", "{\"text\":\"taken with food\"}"},
			new String[] {".dosage[+]", "{\"text\":\"10 mg three times a day\"}"},
			new String[] {".statusReason[+]", "{\"text\":\"side effects\"}"},
			new String[] {".reasonCode[+]", "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"247398009\"}]}"},
			new String[] {".reasonCode[+]", "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"24700007\"}]}"},
			new String[] {".reasonReference[+]", "{\"reference\":\"Condition/1\"}"},
			new String[] {".reasonReference[+]", "{\"reference\":\"Procedure/1\"}"},
			new String[] {".medicationReference", "{\"reference\":\"Medication/1\"}"},
			new String[] {".medicationCodeableConcept.coding[+]", "{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"1082\"}"},
			new String[] {".medicationCodeableConcept.text", "\"baclofen\""},
			new String[] {".effectiveDateTime", "\"2020-01-01\""},
			new String[] {".effectivePeriod.end", "\"2000-01-01\""},
			new String[] {".period.end", "\"2000-01-01\""},
			new String[] {".period.end", "\"2099-01-01T10:00:00Z\""},
			new String[] {".category.coding[+]", "{\"system\":\"" + MSC + "\",\"code\":\"dmt\"}"},
			new String[] {".category", "{\"coding\":[{\"system\":\"" + MSC + "\",\"code\":\"dmt\"}]}"},
			new String[] {".informationSource", "{\"reference\":\"Practitioner/1\"}"},
			new String[] {".goal[+]", "{\"reference\":\"Goal/1\"}"},
			new String[] {".description", "\"plan\""},
			new String[] {".author", "{\"reference\":\"Practitioner/1\"}"},
			new String[] {".addresses[+]", "{\"reference\":\"Condition/2\"}"},
			new String[] {".addresses[+]", "{\"reference\":\"Observation/2\"}"},
			new String[] {".activity[+]", "{\"detail\":{\"code\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"84478008\"}]},\"status\":\"scheduled\"}}"},
			new String[] {".activity[+]", "{\"detail\":{\"code\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"22253000\"}]},\"status\":\"scheduled\"}}"},
			new String[] {".activity[+]", "{\"reference\":{\"reference\":\"ServiceRequest/1\"}}"},
			new String[] {".activity[0].detail.description", "\"twice a week\""},
			new String[] {".activity[0].detail.kind", "\"ServiceRequest\""},
			new String[] {".activity[0].progress[+]", "{\"text\":\"going well\"}"},
			new String[] {".activity[0].detail.code.coding[0].display", "\"Physio\""},
			new String[] {".meta.profile[+]", "\"" + MsProfiles.CARE_PLAN + "\""}));

	@BeforeAll
	static void buildValidator() {
		oracle = FastPathOracle.fromSources(FHIR);
	}

	@Test
	void acceptsAlmostEveryGeneratedTreatmentAndTheFullValidatorAgrees() {
		oracle.checkGenerated(30, r -> r instanceof MedicationStatement || r instanceof CarePlan, 150, "treatments");
	}


	@Test
	void neverAcceptsAVariantTheFullValidatorHasSomethingToSayAbout() {
		oracle.checkVariants(baseResources(), NUMBERS, STRINGS, ANY_TEXT, ADDITIONS, "treatment");
	}

	/** Generated statements (DMT and symptomatic, running and stopped) and plans, the guide's examples, stored forms. */
	private static List<ObjectNode> baseResources() {
		Map<String, ObjectNode> byShape = new LinkedHashMap<>();
		CohortGenerator generator = new CohortGenerator(11);
		for (int p = 0; p < 20; p++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(p).getEntry()) {
				String key = null;
				if (entry.getResource() instanceof MedicationStatement s) {
					key = "ms " + s.getCategory().getCodingFirstRep().getCode() + " " + s.getStatus() + " "
							+ s.getMedicationCodeableConcept().getCodingFirstRep().getCode();
				} else if (entry.getResource() instanceof CarePlan plan) {
					key = "cp " + plan.getActivityFirstRep().getDetail().getCode().getCodingFirstRep().getCode()
							+ " " + plan.getStatus();
				}
				if (key != null) {
					byShape.putIfAbsent(key, (ObjectNode) JsonVariants.json(
							FHIR.newJsonParser().encodeResourceToString(entry.getResource())));
				}
			}
		}
		List<ObjectNode> bases = new ArrayList<>(byShape.values());
		for (String example : MsRuleCases.profiledExamples()) {
			if (example.startsWith("MedicationStatement-") || example.startsWith("CarePlan-")) {
				bases.add(MsRuleCases.example(example));
			}
		}
		for (ObjectNode base : List.copyOf(byShape.values()).subList(0, Math.min(6, byShape.size()))) {
			ObjectNode stored = base.deepCopy();
			stored.putObject("subject").put("reference", "Patient/123");
			stored.put("id", "t-1");
			bases.add(stored);
		}
		System.out.printf("%d base treatments%n", bases.size());
		return bases;
	}
}

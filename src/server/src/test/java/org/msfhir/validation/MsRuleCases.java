package org.msfhir.validation;

import static org.msfhir.validation.JsonEdit.remove;
import static org.msfhir.validation.JsonEdit.set;
import static org.msfhir.validation.JsonEdit.setJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.msfhir.guide.MsTerminology;

/**
 * The rules of the MS profiles as test cases: for every rule (range, invariant, required binding,
 * required element) one invalid variant of a valid example, with the message and the element the
 * server must name. Shared by the validator unit test and the HTTP integration test.
 */
final class MsRuleCases {

	/** Where SUSHI's output (profiles and examples) lives in the source tree. */
	static final Path GENERATED = org.msfhir.support.RepositoryPaths.generatedProfiles();

	/**
	 * The MS validator built from the working tree's compiled profiles and terminology (not the
	 * packaged guide), so that rule tests see an edited profile without a package build.
	 */
	static MsResourceValidator validatorFromSources(ca.uhn.fhir.context.FhirContext fhir) {
		String terminology = System.getProperty("msfhir.test.terminology", org.msfhir.support.RepositoryPaths.terminology().toString());
		MsGuideResources guide = MsGuideResources.read(fhir,
				"file:" + GENERATED.toAbsolutePath() + "/*.json",
				"file:" + Path.of(terminology).toAbsolutePath() + "/*.json");
		return MsResourceValidator.create(fhir, new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(fhir), guide);
	}

	private static final String MSC = MsTerminology.MS_CONCEPTS;
	private static final String SCT = MsTerminology.SNOMED;

	/**
	 * An invalid variant of an example.
	 *
	 * @param name what is wrong, in words
	 * @param example file name of the valid example it starts from
	 * @param edit the change that breaks the rule
	 * @param message a fragment the error message must contain (the rule)
	 * @param location a fragment the location/expression must contain (the element)
	 */
	record Case(String name, String example, Consumer<ObjectNode> edit, String message, String location) {
		@Override
		public String toString() {
			return name;
		}

		ObjectNode resource() {
			return variant(example, edit);
		}
	}

	/** A valid variant that must pass with a warning. */
	record WarningCase(String name, String example, Consumer<ObjectNode> edit, String message) {
		@Override
		public String toString() {
			return name;
		}

		ObjectNode resource() {
			return variant(example, edit);
		}
	}

	private MsRuleCases() {}

	/** A fresh copy of an example with an edit applied. */
	static ObjectNode variant(String example, Consumer<ObjectNode> edit) {
		ObjectNode node = example(example);
		edit.accept(node);
		return node;
	}

	static ObjectNode example(String fileName) {
		try {
			return (ObjectNode) JsonEdit.MAPPER.readTree(GENERATED.resolve(fileName).toFile());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** File names of the examples that claim an MS profile, in an order that stores references first. */
	static List<String> profiledExamples() {
		try (Stream<Path> files = Files.list(GENERATED)) {
			List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString())
					.filter(n -> !n.startsWith("StructureDefinition-") && !n.startsWith("Patient-")
							&& !n.startsWith("Practitioner-"))
					.sorted()
					.toList());
			// Diagnoses first: relapses, medication statements and care plans refer to them.
			names.sort((a, b) -> Boolean.compare(!a.startsWith("Condition-ms-diagnosis"), !b.startsWith("Condition-ms-diagnosis")));
			return names;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<WarningCase> warningCases() {
		return List.of(
				new WarningCase("SPMS with Lublin qualifiers but without progression", "Condition-ms-diagnosis-spms-example.json",
						remove("extension[0].extension[2]"), "ms-dx-progression-expected"),
				new WarningCase("EDSS 0 with a functional system grade above 0", "Observation-ms-edss-example.json",
						set("valueQuantity.value", 0), "ms-edss-plausible-zero"));
	}

	static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		String dx = "Condition-ms-diagnosis-example.json";
		String spms = "Condition-ms-diagnosis-spms-example.json";
		cases.add(new Case("diagnosis: SNOMED code not in ms-diagnoses", dx,
				set("code.coding[0].code", "22253000"), "ms-diagnoses", "Condition.code.coding[0]"));
		cases.add(new Case("diagnosis: ICD-10 coding other than G35", dx,
				set("code.coding[1].code", "G36"), "ms-dx-icd10-g35", "Condition.code"));
		cases.add(new Case("diagnosis: no SNOMED CT coding", dx,
				remove("code.coding[0]"), "snomed", "Condition.code"));
		cases.add(new Case("diagnosis: subject missing", dx,
				remove("subject"), "Condition.subject: minimum required = 1", "Condition"));
		cases.add(new Case("diagnosis: verificationStatus missing", dx,
				remove("verificationStatus"), "Condition.verificationStatus: minimum required = 1", "Condition"));
		cases.add(new Case("diagnosis: progression qualifier on RRMS", dx,
				setJson("extension[0].extension[2]", "{\"url\":\"progression\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\""
						+ MSC + "\",\"code\":\"without-progression\"}]}}"),
				"ms-dx-progression-only-progressive", "Condition"));
		cases.add(new Case("diagnosis: Lublin activity code not in ms-lublin-activity", dx,
				set("extension[0].extension[0].valueCodeableConcept.coding[0].code", "with-progression"),
				"ms-lublin-activity", "Condition.extension[0].extension[0].value"));
		cases.add(new Case("diagnosis: Lublin progression code not in ms-lublin-progression", spms,
				set("extension[0].extension[2].valueCodeableConcept.coding[0].code", "active"),
				"ms-lublin-progression", "Condition.extension[0].extension[2].value"));
		cases.add(new Case("diagnosis: Lublin qualifiers without assessment date", dx,
				remove("extension[0].extension[1]"), "Extension.extension:assessed", "Condition.extension[0]"));
		cases.add(new Case("diagnosis: Lublin qualifiers without activity", dx,
				remove("extension[0].extension[0]"), "Extension.extension:activity", "Condition.extension[0]"));

		String relapse = "Condition-ms-relapse-example.json";
		cases.add(new Case("relapse: onset missing", relapse,
				remove("onsetDateTime"), "Condition.onset[x]: minimum required = 1", "Condition"));
		cases.add(new Case("relapse: subject missing", relapse,
				remove("subject"), "Condition.subject: minimum required = 1", "Condition"));
		cases.add(new Case("relapse: severity not in ms-relapse-severity", relapse,
				set("severity.coding[0].code", "relapse-recovery-none"), "ms-relapse-severity", "Condition.severity"));
		cases.add(new Case("relapse: recovery not in ms-relapse-recovery", relapse,
				set("extension[1].valueCodeableConcept.coding[0].code", "relapse-severity-mild"), "ms-relapse-recovery",
				"Condition.extension[1].value"));
		cases.add(new Case("relapse: claimed but coded as something else", relapse,
				set("code.coding[0].code", "45352006"), "192929006", "Condition.code"));

		String edss = "Observation-ms-edss-example.json";
		String edssRule = "EDSS must be 0 or between 1.0 and 10.0 in steps of 0.5";
		for (double bad : new double[] {0.5, 4.3, 10.5, -1}) {
			cases.add(new Case("EDSS: total " + bad, edss, set("valueQuantity.value", bad), edssRule, "Observation.value"));
		}
		cases.add(new Case("EDSS: total without a number", edss,
				remove("valueQuantity.value"), "minimum required = 1", "Observation.value"));
		cases.add(new Case("EDSS: total in a unit other than {score}", edss,
				set("valueQuantity.code", "kg"), "{score}", "Observation.value"));
		String[][] systems = {
			{"0", "pyramidal", "7", "ms-edss-fs-pyramidal"},
			{"1", "cerebellar", "6", "ms-edss-fs-cerebellar"},
			{"2", "brainstem", "6", "ms-edss-fs-brainstem"},
			{"3", "sensory", "7", "ms-edss-fs-sensory"},
			{"4", "bowel and bladder", "7", "ms-edss-fs-bowel-bladder"},
			{"6", "cerebral", "6", "ms-edss-fs-cerebral"},
			{"7", "other", "2", "ms-edss-fs-other"},
			{"0", "pyramidal", "-1", "ms-edss-fs-pyramidal"},
		};
		for (String[] fs : systems) {
			cases.add(new Case("EDSS: " + fs[1] + " grade " + fs[2], edss,
					set("component[" + fs[0] + "].valueInteger", Integer.parseInt(fs[2])), fs[3],
					"Observation.component[" + fs[0] + "]"));
		}
		cases.add(new Case("EDSS: visual grade 7", edss,
				set("component[5]", JsonEdit.MAPPER.createObjectNode()
						.<ObjectNode>set("code", JsonEdit.MAPPER.valueToTree(java.util.Map.of("coding", List.of(
								java.util.Map.of("system", MSC, "code", "edss-fs-visual")))))
						.put("valueInteger", 7)),
				"ms-edss-fs-visual", "Observation.component[5]"));
		cases.add(new Case("EDSS: functional system with neither grade nor dataAbsentReason", edss,
				remove("component[5].dataAbsentReason"), "ms-component-value-or-reason", "Observation.component[5]"));
		cases.add(new Case("EDSS: negative walking range", edss,
				set("component[8].valueQuantity.value", -10), "ms-edss-ambulation", "Observation.component[8]"));
		// Rules of the base Observation type, which the MS profiles inherit (obs-6, base cardinality).
		cases.add(new Case("EDSS: value and dataAbsentReason together (base rule obs-6)", edss,
				set("dataAbsentReason", JsonEdit.MAPPER.valueToTree(java.util.Map.of("coding", List.of(java.util.Map.of(
						"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code", "unknown"))))),
				"obs-6", "Observation"));
		cases.add(new Case("EDSS: code missing (base cardinality)", edss,
				remove("code"), "Observation.code: minimum required = 1", "Observation"));
		cases.add(new Case("EDSS: status preliminary", edss,
				set("status", "preliminary"), "ms-obs-final-status", "Observation.status"));
		cases.add(new Case("EDSS: effective date missing", edss,
				remove("effectiveDateTime"), "Observation.effective[x]: minimum required = 1", "Observation"));
		cases.add(new Case("EDSS: performer missing", edss,
				remove("performer"), "Observation.performer: minimum required = 1", "Observation"));
		cases.add(new Case("EDSS: subject missing", edss,
				remove("subject"), "Observation.subject: minimum required = 1", "Observation"));

		String penn = "Observation-ms-penn-spasm-example.json";
		cases.add(new Case("Penn: frequency 5", penn, set("valueInteger", 5), "ms-penn-frequency", "Observation.value"));
		cases.add(new Case("Penn: frequency -1", penn, set("valueInteger", -1), "ms-penn-frequency", "Observation.value"));
		cases.add(new Case("Penn: severity 4", penn, set("component[0].valueInteger", 4), "ms-penn-severity",
				"Observation.component[0]"));
		cases.add(new Case("Penn: severity 0", penn, set("component[0].valueInteger", 0), "ms-penn-severity",
				"Observation.component[0]"));
		cases.add(new Case("Penn: severity given with frequency 0", penn, set("valueInteger", 0),
				"ms-penn-no-severity-without-spasms", "Observation"));
		cases.add(new Case("Penn: frequency missing", penn, remove("valueInteger"),
				"Observation.value[x]: minimum required = 1", "Observation"));
		cases.add(new Case("Penn: effective date missing", penn, remove("effectiveDateTime"),
				"Observation.effective[x]: minimum required = 1", "Observation"));

		String pain = "Observation-ms-pain-score-example.json";
		cases.add(new Case("pain: score 11", pain, set("valueInteger", 11), "ms-pain-range", "Observation.value"));
		cases.add(new Case("pain: score -1", pain, set("valueInteger", -1), "ms-pain-range", "Observation.value"));
		cases.add(new Case("pain: pain type not in ms-pain-types", pain,
				set("component[0].valueCodeableConcept.coding[0].code", "relapse-severity-mild"), "ms-pain-types",
				"Observation.component[0].value"));
		cases.add(new Case("pain: score missing", pain, remove("valueInteger"),
				"Observation.value[x]: minimum required = 1", "Observation"));
		cases.add(new Case("pain: subject missing", pain, remove("subject"),
				"Observation.subject: minimum required = 1", "Observation"));

		String mfis = "Observation-ms-mfis-example.json";
		cases.add(new Case("MFIS: total 85", mfis, set("valueInteger", 85), "ms-mfis-range", "Observation.value"));
		cases.add(new Case("MFIS: total -1", mfis, set("valueInteger", -1), "ms-mfis-range", "Observation.value"));
		cases.add(new Case("MFIS: total missing", mfis, remove("valueInteger"),
				"Observation.value[x]: minimum required = 1", "Observation"));
		String mfis5 = "Observation-ms-mfis5-example.json";
		cases.add(new Case("MFIS-5: total 21", mfis5, set("valueInteger", 21), "ms-mfis5-range", "Observation.value"));
		cases.add(new Case("MFIS-5: total -1", mfis5, set("valueInteger", -1), "ms-mfis5-range", "Observation.value"));

		String t25 = "Observation-ms-t25fw-example.json";
		cases.add(new Case("T25FW: 0 seconds", t25, set("valueQuantity.value", 0), "ms-t25fw-range", "Observation.value"));
		cases.add(new Case("T25FW: 181 seconds", t25, set("valueQuantity.value", 181), "ms-t25fw-range", "Observation.value"));
		cases.add(new Case("T25FW: time in minutes instead of UCUM s", t25,
				set("valueQuantity.code", "min"), "'s'", "Observation.value"));
		cases.add(new Case("T25FW: time missing", t25, remove("valueQuantity"),
				"Observation.value[x]: minimum required = 1", "Observation"));

		String hpt = "Observation-ms-9hpt-example.json";
		cases.add(new Case("9HPT: dominant hand 301 seconds", hpt, set("component[0].valueQuantity.value", 301),
				"ms-9hpt-range", "Observation.component[0].value"));
		cases.add(new Case("9HPT: non-dominant hand 0 seconds", hpt, set("component[1].valueQuantity.value", 0),
				"ms-9hpt-range", "Observation.component[1].value"));
		cases.add(new Case("9HPT: hand time in minutes", hpt, set("component[0].valueQuantity.code", "min"),
				"'s'", "Observation.component[0].value"));
		cases.add(new Case("9HPT: no hand result", hpt, remove("component"), "ms-9hpt-one-hand", "Observation"));

		String sdmt = "Observation-ms-sdmt-example.json";
		cases.add(new Case("SDMT: 111", sdmt, set("valueInteger", 111), "ms-sdmt-range", "Observation.value"));
		cases.add(new Case("SDMT: -1", sdmt, set("valueInteger", -1), "ms-sdmt-range", "Observation.value"));

		String mri = "Observation-ms-mri-activity-example.json";
		cases.add(new Case("MRI: negative T2 count", mri, set("component[0].valueInteger", -1),
				"ms-mri-count-range", "Observation.component[0]"));
		cases.add(new Case("MRI: no lesion count", mri, remove("component"), "ms-mri-one-count", "Observation"));
		cases.add(new Case("MRI: a value besides the counts", mri, set("valueInteger", 3),
				"Observation.value[x]: max allowed = 0", "Observation"));

		String med = "MedicationStatement-ms-medication-statement-example.json";
		String symptomatic = "MedicationStatement-ms-medication-statement-symptomatic-example.json";
		cases.add(new Case("medication: code not in ms-medicines", symptomatic,
				set("medicationCodeableConcept.coding[0]", java.util.Map.of("system", SCT, "code", "24700007")),
				"ms-medicines", "MedicationStatement.medication"));
		cases.add(new Case("medication: category not in ms-medication-category", med,
				set("category.coding[0].code", "care-dmt"), "ms-medication-category", "MedicationStatement.category"));
		cases.add(new Case("medication: category missing", med, remove("category"),
				"MedicationStatement.category: minimum required = 1", "MedicationStatement"));
		cases.add(new Case("medication: effective period missing", med, remove("effectivePeriod"),
				"MedicationStatement.effective[x]: minimum required = 1", "MedicationStatement"));
		cases.add(new Case("medication: effective period without start", med,
				setJson("effectivePeriod", "{\"end\":\"2026-12-31\"}"), "minimum required = 1",
				"MedicationStatement.effective"));
		cases.add(new Case("medication: no reason", med, remove("reasonReference"), "ms-medstat-reason",
				"MedicationStatement"));
		cases.add(new Case("medication: reason code not in ms-statement-reasons", symptomatic,
				set("reasonCode[0].coding[0]", java.util.Map.of("system", MSC, "code", "dmt")), "ms-statement-reasons",
				"MedicationStatement.reasonCode[0]"));
		cases.add(new Case("medication: baclofen in category dmt", symptomatic,
				set("category.coding[0].code", "dmt"), "ms-medstat-dmt-category", "MedicationStatement"));
		cases.add(new Case("medication: subject missing", med, remove("subject"),
				"MedicationStatement.subject: minimum required = 1", "MedicationStatement"));

		String plan = "CarePlan-ms-care-plan-example.json";
		cases.add(new Case("care plan: activity code not in ms-care-activities", plan,
				set("activity[1].detail.code.coding[0]", java.util.Map.of("system", SCT, "code", "22253000")),
				"ms-care-activities", "CarePlan.activity[1].detail.code"));
		cases.add(new Case("care plan: does not address a diagnosis", plan, remove("addresses"),
				"CarePlan.addresses: minimum required = 1", "CarePlan"));
		cases.add(new Case("care plan: no activity", plan, remove("activity"),
				"CarePlan.activity: minimum required = 1", "CarePlan"));
		cases.add(new Case("care plan: activity without code", plan, remove("activity[0].detail.code"),
				"minimum required = 1", "CarePlan.activity[0].detail"));
		cases.add(new Case("care plan: period without start", plan, remove("period.start"),
				"minimum required = 1", "CarePlan.period"));
		cases.add(new Case("care plan: subject missing", plan, remove("subject"),
				"CarePlan.subject: minimum required = 1", "CarePlan"));
		return cases;
	}

}

package org.msfhir.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.guide.MsMedicines.Medicine;
import org.msfhir.guide.MsMedicines.Role;

/**
 * The constants of {@link MsTerminology} and {@link MsMedicines} against the guide they are taken from:
 * terminology/*.json and the compiled profiles (profiles/fsh-generated/resources). A constant that names
 * a code, ValueSet or profile the guide does not have, or a guide medicine missing from the constants,
 * fails here.
 */
class MsTerminologyTest {

	private static final Path ROOT = Path.of(System.getProperty("msfhir.root", "../..")).toAbsolutePath().normalize();
	private static final ObjectMapper JSON = new ObjectMapper();

	/** Code system URL -> codes (nested concepts included). */
	private static final Map<String, Set<String>> codeSystems = new HashMap<>();
	/** ValueSet URL -> {@code system|code} of its compose (included value sets resolved). */
	private static final Map<String, Set<String>> valueSets = new HashMap<>();
	/** ConceptMap URL -> source code -> target code. */
	private static final Map<String, Map<String, String>> conceptMaps = new HashMap<>();
	private static final Set<String> structureDefinitions = new HashSet<>();
	private static final StringBuilder profileText = new StringBuilder();

	@BeforeAll
	static void readGuide() throws IOException {
		Map<String, JsonNode> rawValueSets = new LinkedHashMap<>();
		for (JsonNode resource : read(ROOT.resolve("terminology"))) {
			String url = resource.path("url").asText();
			switch (resource.path("resourceType").asText()) {
				case "CodeSystem" -> {
					Set<String> codes = new HashSet<>();
					collectCodes(resource.path("concept"), codes);
					codeSystems.put(url, codes);
				}
				case "ValueSet" -> rawValueSets.put(url, resource);
				case "ConceptMap" -> {
					Map<String, String> map = new HashMap<>();
					for (JsonNode group : resource.path("group")) {
						for (JsonNode element : group.path("element")) {
							map.put(element.path("code").asText(), element.path("target").path(0).path("code").asText());
						}
					}
					conceptMaps.put(url, map);
				}
				default -> { }
			}
		}
		rawValueSets.keySet().forEach(url -> valueSets.put(url, expand(url, rawValueSets)));
		for (JsonNode resource : read(ROOT.resolve("profiles/fsh-generated/resources"))) {
			profileText.append(resource.toString());
			if ("StructureDefinition".equals(resource.path("resourceType").asText())) {
				structureDefinitions.add(resource.path("url").asText());
			}
		}
		assertThat(codeSystems).as("code systems read from %s", ROOT).isNotEmpty();
		assertThat(structureDefinitions).as("profiles read from %s", ROOT).isNotEmpty();
	}

	@Test
	void everyCodeConstantIsInItsCodeSystem() throws IllegalAccessException {
		Map<String, String> systemByPrefix = Map.of(
				"SNOMED_", MsTerminology.SNOMED,
				"LOINC_", MsTerminology.LOINC,
				"ICD10_", MsTerminology.ICD10,
				"MSC_", MsTerminology.MS_CONCEPTS);
		int checked = 0;
		for (Map.Entry<String, String> constant : constants().entrySet()) {
			for (Map.Entry<String, String> prefix : systemByPrefix.entrySet()) {
				if (constant.getKey().startsWith(prefix.getKey())) {
					assertThat(codeSystems.get(prefix.getValue()))
							.as("%s = %s in CodeSystem %s", constant.getKey(), constant.getValue(), prefix.getValue())
							.contains(constant.getValue());
					checked++;
				}
			}
		}
		assertThat(checked).isGreaterThan(40);
	}

	@Test
	void everyProfileAndValueSetConstantIsInTheGuide() throws IllegalAccessException {
		constants().forEach((name, value) -> {
			if ((name.startsWith("PROFILE_") && !name.equals("PROFILE_BASE")) || name.startsWith("EXTENSION_")) {
				assertThat(structureDefinitions).as("%s = %s is a StructureDefinition", name, value).contains(value);
			} else if (name.startsWith("VS_")) {
				assertThat(valueSets).as("%s = %s is a ValueSet", name, value).containsKey(value);
			}
		});
		assertThat(MsTerminology.PROFILES).allSatisfy(url -> assertThat(structureDefinitions).contains(url));
	}

	@Test
	void everyCodeSystemConstantIsUsedByTheGuide() {
		for (String system : new String[] {MsTerminology.SNOMED, MsTerminology.LOINC, MsTerminology.ATC,
				MsTerminology.RXNORM, MsTerminology.ICD10, MsTerminology.MS_CONCEPTS}) {
			assertThat(codeSystems).as("CodeSystem %s in terminology/", system).containsKey(system);
		}
		assertThat(profileText).as("UCUM in the profiles").contains("\"" + MsTerminology.UCUM + "\"");
	}

	@Test
	void everyMedicineIsInTheValueSetOfItsRole() {
		for (Medicine medicine : MsMedicines.ALL) {
			String valueSet = medicine.dmt() ? MsTerminology.VS_DMT : MsTerminology.VS_SYMPTOMATIC_MEDICINES;
			assertThat(valueSets.get(valueSet)).as("%s in %s", medicine.name(), valueSet).containsAll(medicine.codings());
			assertThat(valueSets.get(MsTerminology.VS_MEDICINES)).containsAll(medicine.codings());
			if (medicine.atc() != null) {
				assertThat(codeSystems.get(MsTerminology.ATC)).contains(medicine.atc());
			}
		}
	}

	@Test
	void oldAtcAndRxNormCodesFollowTheConceptMaps() {
		Map<String, String> renumbering = conceptMaps.get(MsTerminology.CANONICAL + "/ConceptMap/atc-2024-renumbering");
		Map<String, String> toRxNorm = conceptMaps.get(MsTerminology.CANONICAL + "/ConceptMap/atc-rxnorm");
		for (Medicine medicine : MsMedicines.ALL) {
			if (medicine.oldAtc() != null) {
				assertThat(renumbering.get(medicine.oldAtc())).as("%s old ATC", medicine.name()).isEqualTo(medicine.atc());
			}
			if (medicine.atc() != null) {
				assertThat(toRxNorm.get(medicine.atc())).as("%s RxNorm", medicine.name()).isEqualTo(medicine.rxnorm());
			}
		}
		assertThat(MsMedicines.ALL.stream().filter(m -> m.oldAtc() != null).count()).isEqualTo(renumbering.size());
	}

	@Test
	void noMedicineOfTheGuideIsMissing() {
		assertThat(MsMedicines.codings(Role.DMT))
				.containsExactlyInAnyOrderElementsOf(valueSets.get(MsTerminology.VS_DMT));
		assertThat(MsMedicines.codings(Role.SYMPTOMATIC))
				.containsExactlyInAnyOrderElementsOf(valueSets.get(MsTerminology.VS_SYMPTOMATIC_MEDICINES));
	}

	private static Map<String, String> constants() throws IllegalAccessException {
		Map<String, String> out = new LinkedHashMap<>();
		for (Field field : MsTerminology.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				out.put(field.getName(), (String) field.get(null));
			}
		}
		return out;
	}

	private static Set<String> expand(String url, Map<String, JsonNode> raw) {
		Set<String> codes = new HashSet<>();
		for (JsonNode include : raw.get(url).path("compose").path("include")) {
			for (JsonNode concept : include.path("concept")) {
				codes.add(include.path("system").asText() + "|" + concept.path("code").asText());
			}
			for (JsonNode included : include.path("valueSet")) {
				codes.addAll(expand(included.asText(), raw));
			}
		}
		return codes;
	}

	private static void collectCodes(JsonNode concepts, Set<String> into) {
		for (JsonNode concept : concepts) {
			into.add(concept.path("code").asText());
			collectCodes(concept.path("concept"), into);
		}
	}

	private static java.util.List<JsonNode> read(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			java.util.List<JsonNode> out = new java.util.ArrayList<>();
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				out.add(JSON.readTree(file.toFile()));
			}
			return out;
		}
	}
}

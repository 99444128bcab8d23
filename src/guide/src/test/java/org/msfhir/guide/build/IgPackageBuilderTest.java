package org.msfhir.guide.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgPackageBuilderTest {

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path dir;

	@Test
	void buildsAnNpmPackageWithResourcesExamplesAndTheGuide() throws IOException {
		Path ig = Files.createDirectories(dir.resolve("ig"));
		Files.writeString(ig.resolve("CodeSystem-ms-concepts.json"), """
				{"resourceType":"CodeSystem","id":"ms-concepts","url":"http://msfhir.org/fhir/CodeSystem/ms-concepts",
				 "name":"MsConcepts","status":"active","content":"complete","concept":[{"code":"edss"}]}""");
		Files.writeString(ig.resolve("CodeSystem-snomed-ct.json"), """
				{"resourceType":"CodeSystem","id":"snomed-ct","url":"http://snomed.info/sct",
				 "status":"active","content":"fragment","concept":[{"code":"24700007"}]}""");
		Files.writeString(ig.resolve("Observation-edss-example.json"), """
				{"resourceType":"Observation","id":"edss-example","status":"final","code":{"text":"EDSS"}}""");

		Path tgz = new IgPackageBuilder().build(ig, "1.2.3", dir);

		assertThat(tgz.getFileName().toString()).isEqualTo("msfhir.ig-1.2.3.tgz");
		Map<String, JsonNode> files = untar(tgz);
		assertThat(files).containsOnlyKeys(
				"package/package.json",
				"package/.index.json",
				"package/CodeSystem-ms-concepts.json",
				"package/CodeSystem-snomed-ct.json",
				"package/ImplementationGuide-msfhir.json",
				"package/example/Observation-edss-example.json",
				"package/example/.index.json");

		JsonNode manifest = files.get("package/package.json");
		assertThat(manifest.path("name").asText()).isEqualTo("msfhir.ig");
		assertThat(manifest.path("version").asText()).isEqualTo("1.2.3");
		assertThat(manifest.path("fhirVersions").get(0).asText()).isEqualTo("4.0.1");
		assertThat(manifest.path("dependencies").path("hl7.fhir.r4.core").asText()).isEqualTo("4.0.1");

		// Project-owned resources carry the guide version; an external system's fragment does not.
		assertThat(files.get("package/CodeSystem-ms-concepts.json").path("version").asText()).isEqualTo("1.2.3");
		assertThat(files.get("package/CodeSystem-snomed-ct.json").has("version")).isFalse();

		JsonNode guide = files.get("package/ImplementationGuide-msfhir.json");
		assertThat(guide.path("url").asText()).isEqualTo("http://msfhir.org/fhir/ImplementationGuide/msfhir");
		assertThat(guide.path("version").asText()).isEqualTo("1.2.3");
		assertThat(guide.path("packageId").asText()).isEqualTo("msfhir.ig");
		Map<String, Boolean> listed = new LinkedHashMap<>();
		guide.path("definition").path("resource").forEach(r ->
				listed.put(r.path("reference").path("reference").asText(), r.path("exampleBoolean").asBoolean()));
		assertThat(listed).containsExactlyInAnyOrderEntriesOf(Map.of(
				"CodeSystem/ms-concepts", false,
				"CodeSystem/snomed-ct", false,
				"Observation/edss-example", true));

		// The guide file is also left in the folder the server loads from.
		assertThat(ig.resolve("ImplementationGuide-msfhir.json")).exists();
		assertThat(files.get("package/.index.json").path("files")).hasSize(3);
	}

	@Test
	void rebuildingGivesTheSameGuideFile() throws IOException {
		Path ig = Files.createDirectories(dir.resolve("ig"));
		Files.writeString(ig.resolve("ValueSet-ms-pain-types.json"), """
				{"resourceType":"ValueSet","id":"ms-pain-types","url":"http://msfhir.org/fhir/ValueSet/ms-pain-types","status":"active"}""");
		IgPackageBuilder builder = new IgPackageBuilder();
		builder.build(ig, "0.1.0", dir);
		String first = Files.readString(ig.resolve("ImplementationGuide-msfhir.json"));
		byte[] firstPackage = Files.readAllBytes(dir.resolve("msfhir.ig-0.1.0.tgz"));
		builder.build(ig, "0.1.0", dir);

		// Deterministic output: the loader's content digest only changes when the content does.
		assertThat(Files.readString(ig.resolve("ImplementationGuide-msfhir.json"))).isEqualTo(first);
		assertThat(Files.readAllBytes(dir.resolve("msfhir.ig-0.1.0.tgz"))).isEqualTo(firstPackage);
	}

	private Map<String, JsonNode> untar(Path tgz) throws IOException {
		Map<String, JsonNode> files = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(tgz);
				TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				files.put(entry.getName(), json.readTree(tar.readAllBytes()));
			}
		}
		return files;
	}
}

package org.msfhir.guide.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.msfhir.guide.ConformanceTypes;

/**
 * Build step (run by Maven after the classes are compiled, no Node and no network): completes the guide
 * in {@code target/classes/ig/} and writes it as a FHIR NPM package.
 *
 * <ul>
 *   <li>Every project-owned conformance resource (canonical under {@value #CANONICAL_BASE}) gets the
 *       guide version.
 *   <li>The ImplementationGuide resource {@code msfhir} (SUSHI's, if the profiles build produced one,
 *       otherwise a new one) gets the version, package id and FHIR version and lists every resource.
 *   <li>{@code <name>-<version>.tgz}: {@code package/package.json}, the conformance resources in
 *       {@code package/}, the examples in {@code package/example/}, each folder with an {@code .index.json}.
 * </ul>
 *
 * <p>Arguments: the guide folder, the guide version, the output folder.
 */
public final class IgPackageBuilder {

	public static final String CANONICAL_BASE = "http://msfhir.org/fhir";
	public static final String PACKAGE_NAME = "msfhir.ig";
	public static final String GUIDE_ID = "msfhir";
	private static final String GUIDE_FILE = "ImplementationGuide-" + GUIDE_ID + ".json";

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	/** One resource file of the guide. */
	record Entry(Path file, ObjectNode resource) {
		String type() {
			return resource.path("resourceType").asText();
		}

		String id() {
			// Project-owned: last URL segment (a fixed rule); external systems (fragments): the file's id.
			String url = resource.path("url").asText("");
			return url.startsWith(CANONICAL_BASE + "/")
					? url.substring(url.lastIndexOf('/') + 1)
					: resource.path("id").asText();
		}

		boolean example() {
			return !ConformanceTypes.isStored(type());
		}
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			throw new IllegalArgumentException("usage: IgPackageBuilder <guide folder> <version> <output folder>");
		}
		Path tgz = new IgPackageBuilder().build(Path.of(args[0]), args[1], Path.of(args[2]));
		System.out.println("[msfhir] FHIR NPM package written: " + tgz);
	}

	/** Completes the guide folder in place and writes the package; returns the package file. */
	public Path build(Path guideFolder, String version, Path outputFolder) throws IOException {
		Files.createDirectories(guideFolder);
		List<Entry> entries = read(guideFolder);
		for (Entry entry : entries) {
			if (!entry.example() && !entry.type().equals("ImplementationGuide")
					&& entry.resource().path("url").asText().startsWith(CANONICAL_BASE + "/")
					&& !version.equals(entry.resource().path("version").asText())) {
				entry.resource().put("version", version);
				json.writeValue(entry.file().toFile(), entry.resource());
			}
		}
		ObjectNode guide = guide(entries, version);
		Path guideFile = guideFolder.resolve(GUIDE_FILE);
		entries.removeIf(e -> e.type().equals("ImplementationGuide"));
		for (Path stale : listJson(guideFolder)) {
			if (stale.getFileName().toString().startsWith("ImplementationGuide-") && !stale.equals(guideFile)) {
				Files.delete(stale);
			}
		}
		json.writeValue(guideFile.toFile(), guide);
		entries.add(new Entry(guideFile, guide));

		Files.createDirectories(outputFolder);
		Path tgz = outputFolder.resolve(PACKAGE_NAME + "-" + version + ".tgz");
		writePackage(tgz, entries, version, guide);
		return tgz;
	}

	private List<Entry> read(Path folder) throws IOException {
		List<Entry> entries = new ArrayList<>();
		for (Path file : listJson(folder)) {
			JsonNode node = json.readTree(file.toFile());
			if (!(node instanceof ObjectNode resource) || !resource.hasNonNull("resourceType")) {
				throw new IllegalStateException(file + " is not a FHIR JSON resource");
			}
			entries.add(new Entry(file, resource));
		}
		return entries;
	}

	private static List<Path> listJson(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
		}
	}

	private ObjectNode guide(List<Entry> entries, String version) {
		ObjectNode guide = entries.stream()
				.filter(e -> e.type().equals("ImplementationGuide"))
				.map(e -> e.resource().deepCopy())
				.findFirst()
				.orElseGet(json::createObjectNode);
		guide.put("resourceType", "ImplementationGuide");
		guide.put("id", GUIDE_ID);
		guide.put("url", CANONICAL_BASE + "/ImplementationGuide/" + GUIDE_ID);
		guide.put("version", version);
		putIfAbsent(guide, "name", "MultipleSclerosisIG");
		putIfAbsent(guide, "title", "Multiple Sclerosis (MS) Implementation Guide");
		putIfAbsent(guide, "status", "draft");
		putIfAbsent(guide, "publisher", "MS FHIR Server project");
		putIfAbsent(guide, "description", "Profiles and terminology for multiple sclerosis care and research: "
				+ "MS diagnoses with Lublin 2014 qualifiers, relapses, EDSS and other MS assessments, "
				+ "MS medicines and care plans.");
		guide.put("packageId", PACKAGE_NAME);
		guide.putArray("fhirVersion").add("4.0.1");
		ObjectNode definition = guide.has("definition") ? (ObjectNode) guide.get("definition") : guide.putObject("definition");
		ArrayNode listed = definition.has("resource") ? (ArrayNode) definition.get("resource") : definition.putArray("resource");
		Set<String> present = new LinkedHashSet<>();
		listed.forEach(r -> present.add(r.path("reference").path("reference").asText()));
		for (Entry entry : entries) {
			String reference = entry.type() + "/" + entry.id();
			if (entry.type().equals("ImplementationGuide") || !present.add(reference)) {
				continue;
			}
			ObjectNode item = listed.addObject();
			item.putObject("reference").put("reference", reference);
			String name = entry.resource().path("title").asText(entry.resource().path("name").asText(""));
			if (!name.isEmpty()) {
				item.put("name", name);
			}
			item.put("exampleBoolean", entry.example());
		}
		return guide;
	}

	private static void putIfAbsent(ObjectNode node, String field, String value) {
		if (!node.hasNonNull(field)) {
			node.put(field, value);
		}
	}

	private void writePackage(Path tgz, List<Entry> entries, String version, ObjectNode guide) throws IOException {
		ObjectNode manifest = json.createObjectNode();
		manifest.put("name", PACKAGE_NAME);
		manifest.put("version", version);
		manifest.put("canonical", CANONICAL_BASE);
		manifest.put("url", CANONICAL_BASE + "/ImplementationGuide/" + GUIDE_ID);
		manifest.put("title", guide.path("title").asText());
		manifest.put("description", guide.path("description").asText());
		manifest.put("type", "fhir.ig");
		manifest.putArray("fhirVersions").add("4.0.1");
		manifest.putObject("dependencies").put("hl7.fhir.r4.core", "4.0.1");
		manifest.put("author", guide.path("publisher").asText());

		ObjectNode index = newIndex();
		ObjectNode exampleIndex = newIndex();
		try (OutputStream out = Files.newOutputStream(tgz);
				GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			add(tar, "package/package.json", json.writeValueAsBytes(manifest));
			for (Entry entry : entries) {
				String fileName = entry.type() + "-" + entry.id() + ".json";
				String folder = entry.example() ? "package/example/" : "package/";
				add(tar, folder + fileName, json.writeValueAsBytes(entry.resource()));
				((ArrayNode) (entry.example() ? exampleIndex : index).get("files")).add(indexEntry(fileName, entry));
			}
			add(tar, "package/.index.json", json.writeValueAsBytes(index));
			add(tar, "package/example/.index.json", json.writeValueAsBytes(exampleIndex));
		}
	}

	/** An empty {@code .index.json} of the FHIR NPM package format. */
	private ObjectNode newIndex() {
		ObjectNode root = json.createObjectNode();
		root.put("index-version", 1);
		root.putArray("files");
		return root;
	}

	private ObjectNode indexEntry(String fileName, Entry entry) {
		ObjectNode item = json.createObjectNode();
		item.put("filename", fileName);
		item.put("resourceType", entry.type());
		item.put("id", entry.id());
		for (String field : List.of("url", "version", "kind", "type")) {
			if (entry.resource().path(field).isTextual()) {
				item.put(field, entry.resource().get(field).asText());
			}
		}
		return item;
	}

	private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(bytes.length);
		entry.setModTime(0L); // reproducible archive
		tar.putArchiveEntry(entry);
		tar.write(bytes);
		tar.closeArchiveEntry();
	}
}

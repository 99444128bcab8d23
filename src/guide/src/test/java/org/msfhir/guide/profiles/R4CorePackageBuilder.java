package org.msfhir.guide.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Builds the FHIR package {@code hl7.fhir.r4.core#4.0.1} that SUSHI needs, from the R4 definitions
 * shipped inside HAPI's {@code hapi-fhir-validation-resources-r4} jar (packages.fhir.org is not
 * reachable from the build machines, and the npm package of that name is an empty placeholder).
 *
 * <p>The result is a FHIR package cache folder: {@code <cache>/hl7.fhir.r4.core#4.0.1/package/} with
 * one {@code Type-id.json} per resource, a {@code package.json} and a {@code .index.json}. Point
 * SUSHI's {@code HOME} at the parent of {@code .fhir/packages} to use it.
 *
 * <p>Usage: {@code R4CorePackageBuilder <package-cache-folder>}, e.g. {@code target/fhir-home/.fhir/packages}.
 */
public final class R4CorePackageBuilder {

	/** The package folder name SUSHI looks for in the cache. */
	public static final String PACKAGE_FOLDER = "hl7.fhir.r4.core#4.0.1";

	private static final List<String> BUNDLES = List.of(
			"/org/hl7/fhir/r4/model/profile/profiles-types.xml",
			"/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
			"/org/hl7/fhir/r4/model/profile/profiles-others.xml",
			"/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
			"/org/hl7/fhir/r4/model/valueset/valuesets.xml",
			"/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
			"/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

	private static final String SEARCH_PARAMETERS = "/org/hl7/fhir/r4/model/sp/search-parameters.json";

	private R4CorePackageBuilder() {}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: R4CorePackageBuilder <fhir-package-cache-folder>");
			System.exit(2);
		}
		Path folder = build(Path.of(args[0]));
		System.out.println("wrote " + folder);
	}

	/**
	 * Writes the package into {@code cacheFolder} unless it is already there (its package.json is
	 * written last, so its presence means a complete package).
	 *
	 * @return the package folder
	 */
	public static Path build(Path cacheFolder) throws IOException {
		Path packageDir = cacheFolder.resolve(PACKAGE_FOLDER).resolve("package");
		if (Files.exists(packageDir.resolve("package.json"))) {
			return packageDir.getParent();
		}
		Files.createDirectories(packageDir);
		FhirContext fhir = FhirContext.forR4Cached();
		IParser json = fhir.newJsonParser();
		ObjectMapper mapper = new ObjectMapper();
		ObjectNode index = mapper.createObjectNode();
		index.put("index-version", 1);
		ArrayNode files = index.putArray("files");

		for (String bundlePath : BUNDLES) {
			Bundle bundle = readBundle(fhir, bundlePath, true);
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				writeResource(json, mapper, packageDir, files, entry.getResource());
			}
		}
		Bundle searchParameters = readBundle(fhir, SEARCH_PARAMETERS, false);
		for (Bundle.BundleEntryComponent entry : searchParameters.getEntry()) {
			writeResource(json, mapper, packageDir, files, entry.getResource());
		}

		mapper.writerWithDefaultPrettyPrinter().writeValue(packageDir.resolve(".index.json").toFile(), index);
		ObjectNode manifest = mapper.createObjectNode();
		manifest.put("name", "hl7.fhir.r4.core");
		manifest.put("version", "4.0.1");
		manifest.put("type", "Core");
		manifest.put("license", "CC0-1.0");
		manifest.put("canonical", "http://hl7.org/fhir");
		manifest.put("url", "http://hl7.org/fhir/R4");
		manifest.put("title", "FHIR R4 core definitions (rebuilt from hapi-fhir-validation-resources-r4)");
		manifest.putArray("fhirVersions").add("4.0.1");
		manifest.putObject("dependencies");
		mapper.writerWithDefaultPrettyPrinter().writeValue(packageDir.resolve("package.json").toFile(), manifest);
		return packageDir.getParent();
	}

	private static Bundle readBundle(FhirContext fhir, String classpathPath, boolean xml) {
		try (InputStream in = R4CorePackageBuilder.class.getResourceAsStream(classpathPath)) {
			if (in == null) {
				throw new IllegalStateException(classpathPath + " not on the classpath: is "
						+ "hapi-fhir-validation-resources-r4 a dependency?");
			}
			InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
			IParser parser = xml ? fhir.newXmlParser() : fhir.newJsonParser();
			return parser.parseResource(Bundle.class, reader);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void writeResource(
			IParser json, ObjectMapper mapper, Path packageDir, ArrayNode files, Resource resource)
			throws IOException {
		if (resource == null || !resource.hasIdElement()) {
			return;
		}
		String type = resource.fhirType();
		String id = resource.getIdElement().getIdPart();
		String fileName = type + "-" + id + ".json";
		Path target = packageDir.resolve(fileName);
		if (Files.exists(target)) {
			return; // the same definition appears in more than one bundle
		}
		Files.writeString(target, json.encodeResourceToString((IBaseResource) resource), StandardCharsets.UTF_8);
		ObjectNode file = files.addObject();
		file.put("filename", fileName);
		file.put("resourceType", type);
		file.put("id", id);
		if (resource instanceof MetadataResource metadata) {
			if (metadata.hasUrl()) {
				file.put("url", metadata.getUrl());
			}
			if (metadata.hasVersion()) {
				file.put("version", metadata.getVersion());
			}
		}
		if (resource instanceof StructureDefinition sd) {
			file.put("kind", sd.getKind().toCode());
			file.put("type", sd.getType());
			if (sd.hasDerivation()) {
				file.put("derivation", sd.getDerivation().toCode());
			}
		}
	}
}

package org.msfhir.tools.synthetic;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated cohort to a folder: one transaction bundle per file ({@code patient-000001.json},
 * format {@code bundles}) or one bundle per line in {@code cohort.ndjson} (format {@code ndjson}).
 */
public final class CohortWriter {

	/** Output layouts. */
	public enum Format {
		BUNDLES,
		NDJSON
	}

	private final IParser parser = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false);

	/** Writes patients {@code first} .. {@code first + count - 1}; returns the number of resources. */
	public long write(CohortGenerator generator, int first, int count, Path folder, Format format) throws IOException {
		Files.createDirectories(folder);
		long resources = 0;
		if (format == Format.NDJSON) {
			try (BufferedWriter out = Files.newBufferedWriter(folder.resolve("cohort.ndjson"), StandardCharsets.UTF_8)) {
				for (int i = first; i < first + count; i++) {
					var bundle = generator.bundle(i);
					resources += bundle.getEntry().size();
					out.write(parser.encodeResourceToString(bundle));
					out.newLine();
				}
			}
		} else {
			for (int i = first; i < first + count; i++) {
				var bundle = generator.bundle(i);
				resources += bundle.getEntry().size();
				Files.writeString(folder.resolve(fileName(i)), parser.encodeResourceToString(bundle), StandardCharsets.UTF_8);
			}
		}
		return resources;
	}

	public static String fileName(int index) {
		return String.format("patient-%06d.json", index);
	}
}

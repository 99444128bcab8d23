package org.msfhir.tools.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The transaction bundles of a folder, in name order: every {@code *.json} file is one bundle, every
 * line of every {@code *.ndjson} file is one bundle. Files are read when a bundle is sent, so a large
 * cohort does not have to fit in memory.
 */
public final class CohortFolder {

	private CohortFolder() {}

	public static List<Supplier<String>> bundles(Path folder) throws IOException {
		List<Path> files;
		try (Stream<Path> list = Files.list(folder)) {
			files = list.filter(Files::isRegularFile).sorted().toList();
		}
		List<Supplier<String>> bundles = new ArrayList<>();
		for (Path file : files) {
			String name = file.getFileName().toString();
			if (name.endsWith(".ndjson")) {
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				for (int n = 0; n < lines.size(); n++) {
					String line = lines.get(n);
					if (!line.isBlank()) bundles.add(new NamedBundle(name + ":" + (n + 1), () -> line));
				}
			} else if (name.endsWith(".json")) {
				bundles.add(new NamedBundle(name, () -> read(file)));
			}
		}
		return bundles;
	}

	/** A bundle with where it comes from ({@code file.json} or {@code file.ndjson:line}), for reports. */
	public record NamedBundle(String name, Supplier<String> body) implements Supplier<String> {
		@Override
		public String get() {
			return body.get();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

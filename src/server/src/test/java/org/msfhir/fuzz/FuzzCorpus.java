package org.msfhir.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Regression inputs of the fuzz targets: every file under {@code src/test/resources/fuzz/<target>/}
 * is an input that once broke the target (or a hand-written hard case), replayed on every run.
 */
public final class FuzzCorpus {

	private FuzzCorpus() {}

	public static List<byte[]> inputs(String target) {
		Path folder = Path.of("src/test/resources/fuzz", target);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(Files::isRegularFile).sorted().map(FuzzCorpus::read).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Keeps an input that broke a target under {@code target/fuzz-findings/<target>/}, to be copied
	 * into the regression corpus once the cause is fixed; returns the file.
	 */
	public static Path keepFinding(String target, byte[] input) {
		try {
			Path folder = Files.createDirectories(Path.of("target/fuzz-findings", target));
			String name = String.format("%08x", java.util.Arrays.hashCode(input));
			return Files.write(folder.resolve(name), input);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

package org.msfhir.guide.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed SUSHI output ({@code profiles/fsh-generated/resources}) must match the FHIR Shorthand
 * in {@code profiles/input/fsh}: the Maven build packages the committed JSON and needs no Node, so a
 * FSH change without a rebuild would silently ship stale profiles. Rebuilds the FSH offline into a
 * temporary folder (SUSHI with the R4 core package rebuilt by {@link R4CorePackageBuilder}) and
 * compares. Skipped, with a message, only when Node.js is not installed.
 */
class FshGeneratedUpToDateTest {

	/** The repository root comes from the build (msfhir.root); a run from the module folder falls back to ../.. */
	private static final Path PROFILES =
			Path.of(System.getProperty("msfhir.root", "../..")).toAbsolutePath().normalize().resolve("profiles");
	private static final Path COMMITTED = PROFILES.resolve("fsh-generated/resources");
	private static final Path FHIR_HOME = PROFILES.resolve(".fhir-home");

	@Test
	void committedJsonMatchesTheFsh(@TempDir Path out) throws Exception {
		assumeTrue(onPath("node") && onPath("npm"),
				"Node.js (node, npm) is not on the PATH: cannot run SUSHI, skipping the FSH up-to-date check");

		Path sushi = PROFILES.resolve("node_modules/.bin/sushi");
		if (!Files.isExecutable(sushi)) {
			run(List.of("npm", "ci", "--no-audit", "--no-fund"), PROFILES, Map.of());
		}
		R4CorePackageBuilder.build(FHIR_HOME.resolve(".fhir/packages"));
		String log = run(List.of(sushi.toString(), "build", PROFILES.toString(), "-o", out.toString()),
				PROFILES, Map.of("HOME", FHIR_HOME.toString()));
		assertThat(log).as("SUSHI output").contains("0 Errors");

		Map<String, JsonNode> rebuilt = readAll(out.resolve("fsh-generated/resources"));
		Map<String, JsonNode> committed = readAll(COMMITTED);
		assertThat(committed.keySet())
				.as("files in profiles/fsh-generated/resources (run profiles/build.sh and commit the result)")
				.isEqualTo(rebuilt.keySet());
		rebuilt.forEach((name, json) -> assertThat(committed.get(name))
				.as("%s is out of date: run profiles/build.sh and commit the result", name)
				.isEqualTo(json));
	}

	private static Map<String, JsonNode> readAll(Path folder) throws IOException {
		ObjectMapper mapper = new ObjectMapper();
		Map<String, JsonNode> files = new TreeMap<>();
		try (Stream<Path> list = Files.list(folder)) {
			for (Path file : list.filter(p -> p.toString().endsWith(".json")).toList()) {
				files.put(file.getFileName().toString(), mapper.readTree(file.toFile()));
			}
		}
		return files;
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

	private static String run(List<String> command, Path dir, Map<String, String> env) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
		assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
		return output;
	}
}

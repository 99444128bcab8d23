package org.msfhir.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders at the repository root (profiles, terminology) for tests run from any module. The build passes
 * the root as the system property {@code msfhir.root}; without it (a test started from an IDE) the root
 * is the nearest folder upward from the working directory that holds {@code terminology/}.
 */
public final class RepositoryPaths {

	private RepositoryPaths() {}

	public static Path root() {
		String configured = System.getProperty("msfhir.root");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("terminology")) && Files.isDirectory(dir.resolve("profiles"))) {
				return dir;
			}
		}
		throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
	}

	/** The SUSHI output the guide is built from. */
	public static Path generatedProfiles() {
		return root().resolve("profiles/fsh-generated/resources");
	}

	/** The guide's CodeSystems, ValueSets and ConceptMaps. */
	public static Path terminology() {
		return root().resolve("terminology");
	}
}

package org.msfhir.common;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files that hold patient data or secrets, readable by the server's own user only (POSIX
 * modes 700 and 600). On file systems without POSIX permissions (Windows) the folder's inherited
 * access applies and these methods behave like their plain {@link Files} counterparts.
 */
public final class PrivateFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private PrivateFiles() {}

	/** Creates a folder (and missing parents) for the owner only; an existing folder is tightened to 700. */
	public static Path directory(Path dir) throws IOException {
		if (!POSIX) {
			return Files.createDirectories(dir);
		}
		if (!Files.isDirectory(dir)) {
			Path parent = dir.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_DIR);
			try {
				Files.createDirectory(dir, mode);
			} catch (java.nio.file.FileAlreadyExistsException raced) {
				// created by another thread meanwhile: tightened below
			}
		}
		Files.setPosixFilePermissions(dir, OWNER_DIR);
		return dir;
	}

	/** Opens a new file (replacing an existing one) for writing, readable by the owner only. */
	public static Writer newWriter(Path file) throws IOException {
		OpenOption[] options = {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
		if (POSIX && !Files.exists(file)) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
		}
		return Files.newBufferedWriter(file, StandardCharsets.UTF_8, options);
	}
}

package org.msfhir.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

	@TempDir
	Path temp;

	@Test
	void foldersAndFilesAreForTheOwnerOnly() throws Exception {
		assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
		Path dir = PrivateFiles.directory(temp.resolve("a/b"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		try (Writer out = PrivateFiles.newWriter(dir.resolve("Patient.ndjson"))) {
			out.write("{}");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("Patient.ndjson"))))
				.isEqualTo("rw-------");
		assertThat(Files.readString(dir.resolve("Patient.ndjson"))).isEqualTo("{}");
	}

	@Test
	void anExistingOpenFolderIsClosed() throws Exception {
		assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
		Path open = Files.createDirectory(temp.resolve("data"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
		PrivateFiles.directory(open);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwx------");
	}
}

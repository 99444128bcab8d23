package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirectoryPermissionsTest {

	@Test
	void theFolderOfAnH2FileDatabaseIsFound() {
		assertThat(DataDirectoryPermissions.h2Folder("jdbc:h2:file:./data/msfhir;DB_CLOSE_ON_EXIT=FALSE"))
				.isEqualTo(Path.of("./data").toAbsolutePath());
		assertThat(DataDirectoryPermissions.h2Folder("jdbc:h2:file:/srv/fhir/db")).isEqualTo(Path.of("/srv/fhir"));
		assertThat(DataDirectoryPermissions.h2Folder("jdbc:postgresql://db/msfhir")).isNull();
		assertThat(DataDirectoryPermissions.h2Folder("jdbc:h2:mem:test")).isNull();
	}
}

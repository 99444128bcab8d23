package org.msfhir.tools.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msfhir.support.RepositoryPaths;

/**
 * The crash harness, short: the packaged server killed once with SIGKILL during an ingest and PostgreSQL
 * restarted twice (fast, immediate) under load. The long run is a documented command
 * (docs/reliability.md). It starts its own server process and PostgreSQL, no Spring context here.
 */
class CrashHarnessIT {

	@TempDir
	Path workDir;

	@Test
	void acknowledgedBundlesSurviveKillsAndDatabaseRestartsWholeAndNothingIsStoredInPart() throws Exception {
		Path jar = CrashHarness.defaultJar(RepositoryPaths.root().resolve("src/server/target"));
		CrashHarness.Report report = new CrashHarness(new CrashHarness.Options(
				jar, workDir, 3, 1, Duration.ofSeconds(3), Duration.ofSeconds(6), true, 23L, Duration.ofMinutes(10))).run();
		System.out.println("[crash-harness] " + report);

		assertThat(report.acknowledged()).isPositive();
		assertThat(report.lost()).isZero();
		assertThat(report.partial()).isZero();
		assertThat(report.acknowledgedStored()).isEqualTo(report.acknowledged());
		assertThat(report.failed500()).isZero();
		assertThat(report.proper503()).isEqualTo(report.refused503());
		assertThat(report.readinessWentDown()).isTrue();
		assertThat(report.readinessCameBack()).isTrue();
		assertThat(report.unexpected()).isEmpty();
	}
}

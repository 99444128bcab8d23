package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.msfhir.support.MsTestData;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Job records live in the database: a second store on the same database and directory (another
 * instance, or this one after a restart) answers for finished jobs and serves their files, and a job
 * whose instance stopped while it ran is reported failed with a clear message.
 */
class DurableExportJobsIT extends BulkExportTestBase {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private BulkExportProperties properties;

	private ExportJobStore anotherInstance() {
		return new ExportJobStore(Path.of(properties.directory()), dataSource, properties.expiry());
	}

	@Test
	void finishedJobsAreKnownToAnotherInstanceWithTheirFiles() throws Exception {
		client().create().resource(MsTestData.patient("Durable", "Dina", "1977-07-07", "Chur")).execute();
		String status = statusUrl(kickOff("$export?_type=Patient"));
		JsonNode manifest = awaitManifest(status);
		String jobId = status.substring(status.indexOf("_jobId=") + "_jobId=".length());

		ExportJob restored = anotherInstance().find(jobId).orElseThrow();
		assertThat(restored.status()).isEqualTo(ExportJob.Status.COMPLETED);
		assertThat(restored.ownerClientId()).isEqualTo(TEST_CLIENT_ID);
		assertThat(restored.request().requestUrl()).isEqualTo(manifest.get("request").asText());
		assertThat(restored.transactionTime().toString()).isEqualTo(manifest.get("transactionTime").asText());
		assertThat(restored.outputs()).singleElement().satisfies(file -> {
			assertThat(file.type()).isEqualTo("Patient");
			assertThat(file.count()).isEqualTo(manifest.get("output").get(0).get("count").asLong());
			assertThat(Files.isRegularFile(restored.directory().resolve(file.fileName()))).isTrue();
		});
		// the running server answers from the record too (the job is no longer held in its memory)
		assertThat(send(request(status).GET()).statusCode()).isEqualTo(200);
		assertThat(downloadLines(manifest.get("output").get(0).get("url").asText())).isNotEmpty();
	}

	@Test
	void aJobCutOffByAStopIsReportedFailed() throws Exception {
		ExportRequest request = new ExportRequest(ExportRequest.Level.SYSTEM, null, List.of(), null, Map.of(),
				List.of(), Map.of(), false, baseUrl() + "/$export");
		ExportJob cutOff = anotherInstance().create(request, ExportGrant.unrestricted(TEST_CLIENT_ID));
		try (Connection c = dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement("UPDATE " + ExportJobTable.NAME
						+ " SET status = 'RUNNING', heartbeat_millis = ? WHERE id = ?")) {
			ps.setLong(1, System.currentTimeMillis() - 10 * 60_000);
			ps.setString(2, cutOff.id());
			assertThat(ps.executeUpdate()).isEqualTo(1);
		}
		ExportJob afterRestart = anotherInstance().find(cutOff.id()).orElseThrow();
		assertThat(afterRestart.status()).isEqualTo(ExportJob.Status.FAILED);
		assertThat(afterRestart.failure()).contains("server stopped");
		assertThat(afterRestart.expiresAt()).isNotNull();

		HttpResponse<String> poll = send(request(baseUrl() + "/$export-poll-status?_jobId=" + cutOff.id()).GET());
		assertThat(poll.statusCode()).isEqualTo(500);
		assertThat(poll.body()).contains("server stopped");
		// and it stays invisible to other clients
		assertThat(send(as(tokenOf("other-client", "system/*.rs"), baseUrl() + "/$export-poll-status?_jobId=" + cutOff.id())
				.GET()).statusCode()).isEqualTo(404);
	}
}

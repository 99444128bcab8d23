package org.msfhir.tools.load;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.CohortWriter;

/** The loader puts a generated cohort into the running server: every resource, once. */
class CohortLoadIT extends PostgresIntegrationTest {

	private static final long SEED = 610;
	private static final int PATIENTS = 4;

	@TempDir
	Path folder;

	@Test
	void loadingAGeneratedFolderStoresEveryResourceOfEveryPatient() throws Exception {
		CohortGenerator generator = new CohortGenerator(SEED);
		new CohortWriter().write(generator, 0, PATIENTS, folder, CohortWriter.Format.NDJSON);
		Map<String, Integer> expected = new TreeMap<>();
		for (int i = 0; i < PATIENTS; i++) {
			for (Bundle.BundleEntryComponent e : generator.bundle(i).getEntry()) {
				expected.merge(e.getResource().fhirType(), 1, Integer::sum);
			}
		}

		ByteArrayOutputStream progress = new ByteArrayOutputStream();
		LoadResult result = new BundleLoader(toolHttp(), 2, new PrintStream(progress, true)).load(CohortFolder.bundles(folder));

		assertThat(result.errorMessages()).isEmpty();
		assertThat(result.bundles()).isEqualTo(PATIENTS);
		assertThat(result.patientIds()).hasSize(PATIENTS);
		assertThat(result.resources()).isEqualTo(expected.values().stream().mapToInt(Integer::intValue).sum());
		assertThat(progress.toString()).contains("[load] " + PATIENTS + "/" + PATIENTS + " patients").contains("errors 0");

		String subjects = "Patient/" + String.join(",Patient/", result.patientIds());
		Map<String, Integer> stored = new TreeMap<>();
		stored.put("Patient", count("Patient?_id=" + String.join(",", result.patientIds())));
		for (String type : List.of("Condition", "Observation", "MedicationStatement", "CarePlan")) {
			stored.put(type, count(type + "?subject=" + subjects));
		}
		assertThat(stored).isEqualTo(expected);
	}

	@Test
	void aBundleSentTwiceReusesThePatientThroughTheConditionalCreate() throws Exception {
		String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(new CohortGenerator(SEED + 1).bundle(0));
		List<Supplier<String>> twice = new ArrayList<>(List.of(() -> bundle));
		LoadResult first = new BundleLoader(toolHttp(), 1, null).load(twice);
		LoadResult second = new BundleLoader(toolHttp(), 1, null).load(twice);
		assertThat(first.errors()).isZero();
		assertThat(second.errors()).isZero();
		assertThat(second.patientIds()).isEqualTo(first.patientIds());
	}

	@Test
	void aRejectedBundleIsCountedAsAnErrorWithTheServersReason() throws Exception {
		String broken = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:1\","
				+ "\"resource\":{\"resourceType\":\"Observation\",\"status\":\"not-a-status\"},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
		LoadResult result = new BundleLoader(toolHttp(), 1, null).load(List.of(() -> broken));
		assertThat(result.errors()).isEqualTo(1);
		assertThat(result.errorMessages().get(0)).contains("HTTP 4");
	}

	/** The tools' HTTP access with the same credentials as the test base class (its one authentication hook). */
	private FhirHttp toolHttp() {
		String authorization = request("metadata").build().headers().firstValue("Authorization").orElse(null);
		return new FhirHttp(baseUrl(), authorization == null ? null : authorization.replaceFirst("^Bearer ", ""));
	}

	private int count(String search) throws Exception {
		var response = send(request(search + "&_summary=count"));
		assertThat(response.statusCode()).as(search).isEqualTo(200);
		return new ObjectMapper().readTree(response.body()).path("total").asInt(-1);
	}
}

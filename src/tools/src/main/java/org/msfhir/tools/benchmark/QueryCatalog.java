package org.msfhir.tools.benchmark;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.msfhir.tools.load.FhirHttp;
import org.msfhir.tools.synthetic.DiseaseCourse;
import org.msfhir.tools.synthetic.Medicine;
import org.msfhir.tools.synthetic.MsCodes;

/**
 * The queries users run against an MS cohort, each as a request per iteration; parameters rotate over
 * sample patients and codes so that no two consecutive requests are the same search (and HAPI's
 * search cache is bypassed with {@code Cache-Control: no-cache} anyway).
 */
public final class QueryCatalog {

	/** One benchmarked query: a name, a sample of its request line, and the request of iteration i. */
	public record Query(String name, String example, IntFunction<HttpRequest> request) {}

	/** Patients per "cohort" in the latest-EDSS query: fixed, so the work does not grow with the database. */
	public static final int COHORT_SIZE = 20;

	private static final String EDSS = MsCodes.MS_CONCEPTS + "|edss";

	private QueryCatalog() {}

	public static List<Query> queries(FhirHttp http, List<String> patientIds, String edssObservationJson) {
		int n = patientIds.size();
		IntFunction<String> patient = i -> patientIds.get(Math.floorMod(i * 7919, n));
		DiseaseCourse[] courses = DiseaseCourse.values();
		List<Medicine> dmts = java.util.Arrays.stream(Medicine.values()).filter(Medicine::dmt).toList();
		String diagnosisCodes = java.util.Arrays.stream(courses)
				.map(c -> MsCodes.SNOMED + "|" + c.snomed()).collect(Collectors.joining(","));

		IntFunction<String> edssSeries = i -> "Observation?subject=Patient/" + patient.apply(i) + "&code=" + enc(EDSS)
				+ "&_sort=date&_count=100";
		IntFunction<String> cohortLatest = i -> {
			StringBuilder subjects = new StringBuilder();
			for (int k = 0; k < COHORT_SIZE; k++) {
				if (k > 0) subjects.append(',');
				subjects.append("Patient/").append(patient.apply(i * COHORT_SIZE + k));
			}
			return "Observation/$lastn?code=" + enc(EDSS) + "&subject=" + subjects;
		};
		IntFunction<String> byCourse = i -> "Condition?code=" + enc(MsCodes.SNOMED + "|" + courses[i % courses.length].snomed())
				+ "&clinical-status=active&_count=50";
		IntFunction<String> byDmt = i -> "MedicationStatement?code="
				+ enc(dmts.get(i % dmts.size()).system() + "|" + dmts.get(i % dmts.size()).code()) + "&_count=50";
		IntFunction<String> everything = i -> "Patient/" + patient.apply(i) + "/$everything?_count=300";
		IntFunction<String> includes = i -> "Condition?subject=Patient/" + patient.apply(i) + "&code=" + enc(diagnosisCodes)
				+ "&_include=Condition:subject&_revinclude=CarePlan:condition";
		IntFunction<String> progression = i -> "Patient/" + patient.apply(i) + "/$ms-progression";
		IntFunction<String> summary = i -> "Patient/" + patient.apply(i) + "/$ms-summary";
		IntFunction<String> expand = i -> "ValueSet/$expand?url=" + enc(MsCodes.CANONICAL + "/ValueSet/ms-dmt");

		return List.of(
				get(http, "EDSS series of a patient, by date", edssSeries),
				get(http, "latest EDSS of a " + COHORT_SIZE + "-patient cohort ($lastn)", cohortLatest),
				get(http, "Conditions by disease course", byCourse),
				get(http, "MedicationStatements by DMT code", byDmt),
				get(http, "Patient/$everything", everything),
				get(http, "_include + _revinclude", includes),
				get(http, "$expand ms-dmt", expand),
				get(http, "Patient/$ms-progression (confirmed worsening, relapse rate, NEDA-3)", progression),
				get(http, "Patient/$ms-summary", summary),
				new Query("$validate EDSS Observation", "POST Observation/$validate",
						i -> http.request("Observation/$validate")
								.header("Content-Type", "application/fhir+json")
								.POST(HttpRequest.BodyPublishers.ofString(edssObservationJson))
								.build()));
	}

	private static Query get(FhirHttp http, String name, IntFunction<String> path) {
		return new Query(name, "GET " + path.apply(0), i -> http.request(path.apply(i)).GET().build());
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}

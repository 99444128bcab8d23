package org.msfhir.tools.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Group;
import org.msfhir.tools.load.FhirHttp;

/**
 * Times the whole-cohort analytics a research team runs, a few runs after one warm-up, each run
 * sequential: {@code Group/[id]/$ms-progression} over one Group that lists every loaded patient, and a
 * dry-run {@code $ms-cohort} with analytic criteria (MS diagnosis, a relapse and a confirmed worsening
 * in the last two years) over the whole database.
 */
final class GroupAnalytics {

	private final FhirHttp http;
	private final PrintStream out;

	GroupAnalytics(FhirHttp http, PrintStream out) {
		this.http = http;
		this.out = out;
	}

	/** A dry-run cohort whose criteria need every patient's history. */
	static final String ANALYTIC_COHORT = """
			{"resourceType": "Parameters", "parameter": [
			  {"name": "diagnosis", "valueCoding": {"system": "%s", "code": "%s"}},
			  {"name": "relapse-count-min", "valueInteger": 1},
			  {"name": "worsening", "valueCode": "any"},
			  {"name": "dry-run", "valueBoolean": true}]}
			""".formatted(org.msfhir.guide.MsTerminology.SNOMED, org.msfhir.guide.MsTerminology.SNOMED_MS);

	/** Seconds of each run of the analytic dry-run cohort, after one warm-up. */
	Map<String, Object> cohort(int runs) throws IOException, InterruptedException {
		HttpRequest request = http.request("Group/$ms-cohort").header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(ANALYTIC_COHORT)).build();
		HttpResponse<String> first = http.send(request);
		if (first.statusCode() != 200) {
			throw new IllegalStateException("$ms-cohort answered " + first.statusCode() + ": " + first.body());
		}
		int members = -1;
		for (var parameter : new ObjectMapper().readTree(first.body()).path("parameter")) {
			if ("members".equals(parameter.path("name").asText())) {
				members = parameter.path("valueInteger").asInt();
			}
		}
		double[] seconds = new double[runs];
		int errors = 0;
		for (int i = 0; i < runs; i++) {
			long t0 = System.nanoTime();
			HttpResponse<String> r = http.send(request);
			seconds[i] = (System.nanoTime() - t0) / 1e9;
			if (r.statusCode() != 200) errors++;
		}
		LatencyStats s = LatencyStats.of(seconds);
		out.printf("  $ms-cohort dry run (diagnosis + relapse + worsening): %d members, median %.2f s, max %.2f s over %d runs,"
				+ " errors %d%n", members, s.p50(), s.max(), runs, errors);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("query", "Group/$ms-cohort dry run, analytic criteria");
		result.put("members", members);
		result.put("runs", runs);
		result.put("seconds", s);
		result.put("errors", errors);
		return result;
	}

	Map<String, Object> run(List<String> patientIds, int runs) throws IOException, InterruptedException {
		String groupId = createGroup(patientIds);
		String path = "Group/" + groupId + "/$ms-progression";
		time(path); // warm-up
		double[] seconds = new double[runs];
		int errors = 0;
		for (int i = 0; i < runs; i++) {
			long t0 = System.nanoTime();
			HttpResponse<String> r = http.send(http.request(path).GET().build());
			seconds[i] = (System.nanoTime() - t0) / 1e9;
			if (r.statusCode() != 200) errors++;
		}
		LatencyStats s = LatencyStats.of(seconds);
		out.printf("  Group/$ms-progression over %d patients: median %.2f s, max %.2f s over %d runs, errors %d%n",
				patientIds.size(), s.p50(), s.max(), runs, errors);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("query", "Group/$ms-progression");
		result.put("patients", patientIds.size());
		result.put("runs", runs);
		result.put("seconds", s);
		result.put("errors", errors);
		return result;
	}

	private void time(String path) throws IOException, InterruptedException {
		HttpResponse<String> r = http.send(http.request(path).GET().build());
		if (r.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
		}
	}

	private String createGroup(List<String> patientIds) throws IOException, InterruptedException {
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true).setName("benchmark: all patients");
		patientIds.forEach(id -> group.addMember().getEntity().setReference("Patient/" + id));
		String body = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(group);
		HttpResponse<String> r = http.send(http.request("Group").header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build());
		if (r.statusCode() != 201) {
			throw new IllegalStateException("creating the benchmark Group answered " + r.statusCode() + ": " + r.body());
		}
		return new ObjectMapper().readTree(r.body()).get("id").asText();
	}
}

package org.msfhir.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.analytics.ProgressionOperationIT.parts;
import static org.msfhir.analytics.ProgressionOperationIT.single;
import static org.msfhir.analytics.ProgressionOperationIT.value;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;
import org.msfhir.support.PostgresIntegrationTest;

/** {@code $ms-summary}, the parameter rules of both operations, and SMART confinement. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsAccessIT extends PostgresIntegrationTest {

	private static final String MSC = MsTestData.MS_CONCEPTS;
	private static final LocalDate AS_OF = LocalDate.parse("2025-06-30");

	private String summarised;
	private String other;
	private String groupId;

	@BeforeAll
	void storeData() {
		summarised = create(MsTestData.patient("Summary", "Sue", "1978-04-01", "Basel"));
		other = create(MsTestData.patient("Other", "Olga", "1981-04-01", "Basel"));
		create(MsTestData.diagnosis(summarised, MsTestData.RRMS, "Relapsing-remitting MS", "2015-05-01"));
		for (String[] v : new String[][] {{"2.0", "2023-01-10"}, {"2.0", "2023-07-10"}, {"3.0", "2024-01-10"},
				{"3.0", "2024-07-15"}, {"3.5", "2024-11-20"}}) {
			create(MsTestData.edss(summarised, Double.parseDouble(v[0]), v[1]));
		}
		create(ProgressionOperationIT.relapse(summarised, "2022-03-01"));
		create(ProgressionOperationIT.relapse(summarised, "2024-09-01"));
		create(ProgressionOperationIT.mri(summarised, "2024-03-01", 0, 0));
		create(MsTestData.medication(summarised, MsTestData.ATC, "L03AB07", "interferon beta-1a", "2016-01-01", "2020-12-31"));
		create(MsTestData.medication(summarised, MsTestData.ATC, "L04AG08", "ocrelizumab", "2021-01-15", null));
		create(MsTestData.medication(summarised, MsTestData.ATC, "M03BX01", "baclofen", "2022-01-01", null));
		create(MsTestData.pain(summarised, 7, "2024-01-01"));
		create(MsTestData.pain(summarised, 4, "2025-03-01"));
		create(score(summarised, "penn-spasm-frequency", 2, "2025-02-01"));
		create(score(summarised, "mfis-total", 40, "2025-02-01"));
		create(MsTestData.edss(other, 6.0, "2024-01-01"));
		create(MsTestData.edss(other, 6.5, "2024-08-01"));
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + summarised));
		group.addMember().setEntity(new Reference("Patient/" + other));
		groupId = create(group);
	}

	@Test
	void summaryHasEveryField() {
		Parameters out = get("Patient/" + summarised + "/$ms-summary?date=" + AS_OF, fullAccessToken(), 200);

		assertThat(((CodeableConcept) single(out, "course").getPart().get(0).getValue()).getCodingFirstRep().getCode())
				.isEqualTo(MsTestData.RRMS);
		assertThat(top(out, "lublin-activity")).isEqualTo("ACTIVE"); // relapse 2024-09-01
		assertThat(parts(out, "lublin-progression")).isEmpty(); // only for progressive courses
		ParametersParameterComponent edss = single(out, "latest-edss");
		assertThat(value(edss, "value")).isEqualTo("3.5");
		assertThat(value(edss, "date")).isEqualTo("2024-11-20");
		assertThat(value(edss, "trend")).isEqualTo("worse");
		List<ParametersParameterComponent> events = parts(out, "worsening-event");
		assertThat(events).hasSize(1);
		assertThat(value(events.get(0), "onset-date")).isEqualTo("2024-01-10");
		assertThat(value(events.get(0), "classification")).isEqualTo("PIRA");
		ParametersParameterComponent dmt = single(out, "current-dmt");
		assertThat(((CodeableConcept) dmt.getPart().get(0).getValue()).getCodingFirstRep().getCode()).isEqualTo("L04AG08");
		assertThat(value(dmt, "line")).isEqualTo("2");
		assertThat(top(out, "lines-of-therapy")).isEqualTo("2");
		assertThat(parts(out, "dmt-exposure")).hasSize(2); // baclofen is not a DMT
		assertThat(top(out, "annualised-relapse-rate-2y")).isEqualTo("0.500"); // 1 in 731 days
		assertThat(top(out, "days-since-last-relapse"))
				.isEqualTo(Long.toString(ChronoUnit.DAYS.between(LocalDate.parse("2024-09-01"), AS_OF)));
		assertThat(value(single(out, "latest-pain"), "value")).isEqualTo("4");
		assertThat(value(single(out, "latest-spasm"), "value")).isEqualTo("2");
		assertThat(value(single(out, "latest-fatigue"), "value")).isEqualTo("40");
		assertThat(top(out, "neda3-last-year")).isEqualTo("NOT_ACHIEVED");
		ParametersParameterComponent due = single(out, "follow-up");
		assertThat(value(due, "edss-due")).isEqualTo("true"); // 2024-11-20 is more than 6 months before
		assertThat(value(due, "mri-due")).isEqualTo("true"); // 2024-03-01 is more than 12 months before
		assertThat(top(out, "narrative")).contains("<div").contains("ocrelizumab").contains("RRMS");
	}

	@Test
	void summaryFollowUpNotDueWhenRecent() {
		Parameters out = get("Patient/" + summarised + "/$ms-summary?date=2024-12-01", fullAccessToken(), 200);

		ParametersParameterComponent due = single(out, "follow-up");
		assertThat(value(due, "edss-due")).isEqualTo("false");
		assertThat(value(due, "mri-due")).isEqualTo("false");
		assertThat(top(out, "neda3-last-year")).isEqualTo("NOT_ACHIEVED");
	}

	@Test
	void summaryOfAPatientWithoutDataSaysSo() {
		String empty = create(MsTestData.patient("Empty", "Emma", "1990-01-01", "Bern"));
		Parameters out = get("Patient/" + empty + "/$ms-summary", fullAccessToken(), 200);

		assertThat(parts(out, "latest-edss")).isEmpty();
		assertThat(parts(out, "current-dmt")).isEmpty();
		assertThat(value(single(out, "follow-up"), "edss-due")).isEqualTo("true");
		assertThat(top(out, "narrative")).contains("Latest EDSS: none");
	}

	@Test
	void unknownPatientIs404() {
		send("Patient/does-not-exist/$ms-progression", fullAccessToken(), 404);
		send("Patient/does-not-exist/$ms-summary", fullAccessToken(), 404);
	}

	@Test
	void badParametersAre400NamingTheParameter() {
		String base = "Patient/" + summarised + "/$ms-progression?";
		Map<String, String> cases = Map.ofEntries(
				Map.entry("reference=sideways", "reference"),
				Map.entry("sdmt-rule=most", "sdmt-rule"),
				Map.entry("confirmation-weeks=0", "confirmation-weeks"),
				Map.entry("relapse-exclusion-days=-1", "relapse-exclusion-days"),
				Map.entry("raw-window-days=-1", "raw-window-days"),
				Map.entry("pira-days-before=4000", "pira-days-before"),
				Map.entry("pira-days-after=-2", "pira-days-after"),
				Map.entry("edss-boundary=11", "edss-boundary"),
				Map.entry("edss-delta-from-zero=0", "edss-delta-from-zero"),
				Map.entry("edss-delta-up-to-boundary=-1", "edss-delta-up-to-boundary"),
				Map.entry("edss-delta-above-boundary=20", "edss-delta-above-boundary"),
				Map.entry("timed-test-fraction=0", "timed-test-fraction"),
				Map.entry("sdmt-points=0", "sdmt-points"),
				Map.entry("sdmt-fraction=2", "sdmt-fraction"),
				Map.entry("from=2025-01-01&to=2024-01-01", "from"),
				Map.entry("from=2024", "from"),
				Map.entry("patient=" + other, "patient"));
		cases.forEach((query, parameter) -> {
			String body = send(base + query, fullAccessToken(), 400);
			assertThat(diagnostics(body)).as(query).contains("'" + parameter + "'");
		});
		assertThat(diagnostics(send("Patient/$ms-progression", fullAccessToken(), 400))).contains("'patient'");
		assertThat(diagnostics(send("Patient/$ms-progression?patient=a%20b", fullAccessToken(), 400))).contains("'patient'");
		assertThat(diagnostics(send("Patient/" + summarised + "/$ms-summary?date=2025-06", fullAccessToken(), 400)))
				.contains("'date'");
		assertThat(diagnostics(send(base + "confirmation-weeks=abc", fullAccessToken(), 400))).contains("'confirmation-weeks'");
		assertThat(diagnostics(send(base + "edss-boundary=high", fullAccessToken(), 400))).contains("'edss-boundary'");
		assertThat(diagnostics(send(base + "persist=yes", fullAccessToken(), 400))).contains("'persist'");
		assertThat(diagnostics(send(base + "to=2024-13-01", fullAccessToken(), 400))).contains("'to'");
		// A date HAPI's DateType reads but no calendar has (year "-000"), in a POST body: 400, not 500.
		String body = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"from\",\"valueDate\":\"-000-01-01\"}]}";
		HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/Patient/" + summarised + "/$ms-progression"))
				.header("Authorization", "Bearer " + fullAccessToken()).header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
		assertThat(diagnostics(posted.body())).contains("'from'");
	}

	@Test
	void limitValuesOfEveryRuleAreAccepted() {
		get("Patient/" + summarised + "/$ms-progression?reference=FIXED&sdmt-rule=both&confirmation-weeks=1"
				+ "&relapse-exclusion-days=0&raw-window-days=0&pira-days-before=3650&pira-days-after=0&edss-boundary=10"
				+ "&edss-delta-from-zero=10&edss-delta-up-to-boundary=0.5&edss-delta-above-boundary=0.5"
				+ "&timed-test-fraction=10&sdmt-points=110&sdmt-fraction=1&from=2024-01-01&to=2024-01-02", fullAccessToken(), 200);
		get("Patient/$ms-progression?patient=Patient/" + summarised, fullAccessToken(), 200);
		get("Patient/" + summarised + "/$ms-summary?date=2020-01-01", fullAccessToken(), 200);
	}

	@Test
	void patientTokenGetsItsOwnPatientsAnalytics() {
		String token = tokenFor("patient/*.rs", summarised);

		Parameters progression = get("Patient/" + summarised + "/$ms-progression", token, 200);
		assertThat(parts(single(progression, "patient"), "event")).hasSize(1);
		get("Patient/$ms-progression?patient=" + summarised, token, 200);
		assertThat(top(get("Patient/" + summarised + "/$ms-summary", token, 200), "lines-of-therapy")).isEqualTo("2");
	}

	@Test
	void patientTokenCannotReachAnotherPatientOrAGroup() {
		String token = tokenFor("patient/*.rs", summarised);

		send("Patient/" + other + "/$ms-progression", token, 403);
		send("Patient/$ms-progression?patient=" + other, token, 403);
		send("Patient/" + other + "/$ms-summary", token, 403);
		send("Group/" + groupId + "/$ms-progression", token, 403);
	}

	@Test
	void readOnlyTokenCannotPersistAndNarrowScopeCannotRun() {
		send("Patient/" + summarised + "/$ms-progression?persist=true", tokenFor("patient/*.rs", summarised), 403);
		// Observations alone are not enough: relapses (Conditions) are part of the answer
		send("Patient/" + summarised + "/$ms-progression", tokenFor("patient/Observation.rs patient/Patient.rs", summarised), 403);
		send("Patient/" + summarised + "/$ms-summary",
				tokenFor("patient/Observation.rs patient/Patient.rs patient/Condition.rs", summarised), 403);
	}

	@Test
	void groupLevelForAnUnconfinedReader() {
		Parameters out = get("Group/" + groupId + "/$ms-progression", tokenFor("user/*.rs", null), 200);

		assertThat(parts(out, "patient")).hasSize(2);
		assertThat(parts(out, "summary")).hasSize(4);
	}

	// ---- helpers --------------------------------------------------------------------------------------

	private static Observation score(String patient, String code, int value, String date) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setCode(new CodeableConcept(new Coding(MSC, code, null)));
		o.setSubject(new Reference("Patient/" + patient));
		o.setEffective(new DateTimeType(date));
		o.setValue(new IntegerType(value));
		return o;
	}

	private static String top(Parameters out, String name) {
		return single(out, name).getValue().primitiveValue();
	}

	private String diagnostics(String body) {
		return fhirContext.newJsonParser().parseResource(OperationOutcome.class, body).getIssueFirstRep().getDiagnostics();
	}

	private Parameters get(String path, String token, int status) {
		return fhirContext.newJsonParser().parseResource(Parameters.class, send(path, token, status));
	}

	private String send(String path, String token, int status) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + path))
				.header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json");
		HttpResponse<String> response = send(b);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
		return response.body();
	}

	private String create(Resource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}
}

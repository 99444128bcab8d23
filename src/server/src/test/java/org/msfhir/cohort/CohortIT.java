package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;

/**
 * {@code $ms-cohort} over HTTP on a known data set. Every patient of this test has an MS diagnosis
 * dated 1999 (1998 for the re-evaluation set), and the criteria include that date window, so other
 * tests' patients in the shared database never match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CohortIT extends CohortTestSupport {

	private static final String EVALUATION = "2026-01-01";
	private static final String S1P_VALUESET = "http://example.org/fhir/ValueSet/cohort-it-s1p";

	private String p1; // SPMS, siponimod (current ATC) active, latest EDSS 6.5, born 1960
	private String p2; // SPMS, fingolimod (pre-2024 ATC) active, latest EDSS 6.0, born 1970
	private String p3; // SPMS, fingolimod (RxNorm) active, latest EDSS 5.5 (6.5 in 2021), born 1980
	private String p4; // RRMS, ozanimod active, EDSS 6.5, born 1985
	private String p5; // SPMS, siponimod stopped 2023, EDSS 7.0, born 1950
	private String p6; // SPMS, ocrelizumab active, EDSS 6.5, born 1990
	private String p7; // SPMS diagnosed 2010 (outside the window), siponimod, EDSS 7.0

	@BeforeAll
	void createKnownDataSet() {
		p1 = patient("1960-01-01", MsTestData.SPMS, "1999-03-01");
		medication(p1, MsTestData.ATC, "L04AE03", "siponimod", "2022-01-01", null);
		edss(p1, 5.0, "2021-01-01");
		edss(p1, 6.5, "2025-06-01");

		p2 = patient("1970-05-05", MsTestData.SPMS, "1999-04-01");
		medication(p2, MsTestData.ATC, "L04AA27", "fingolimod", "2020-01-01", null);
		edss(p2, 4.0, "2020-01-01");
		edss(p2, 6.0, "2025-05-01");

		p3 = patient("1980-02-02", MsTestData.SPMS, "1999-05-01");
		medication(p3, MsTestData.RXNORM, "1012892", "fingolimod", "2019-01-01", null);
		edss(p3, 6.5, "2021-01-01");
		edss(p3, 5.5, "2025-04-01");

		p4 = patient("1985-03-03", MsTestData.RRMS, "1999-06-01");
		medication(p4, MsTestData.ATC, "L04AE02", "ozanimod", "2021-01-01", null);
		edss(p4, 6.5, "2025-03-01");

		p5 = patient("1950-04-04", MsTestData.SPMS, "1999-07-01");
		medication(p5, MsTestData.ATC, "L04AE03", "siponimod", "2020-01-01", "2023-01-01");
		edss(p5, 7.0, "2025-02-01");

		p6 = patient("1990-05-05", MsTestData.SPMS, "1999-08-01");
		medication(p6, MsTestData.ATC, "L04AG08", "ocrelizumab", "2021-01-01", null);
		edss(p6, 6.5, "2025-01-01");

		p7 = patient("1965-06-06", MsTestData.SPMS, "2010-01-01");
		medication(p7, MsTestData.ATC, "L04AE03", "siponimod", "2021-01-01", null);
		edss(p7, 7.0, "2025-01-01");

		ValueSet s1p = new ValueSet();
		s1p.setUrl(S1P_VALUESET).setStatus(Enumerations.PublicationStatus.ACTIVE);
		s1p.getCompose().addInclude().setSystem(MsTestData.ATC).addConcept().setCode("L04AE01");
		s1p.getCompose().getIncludeFirstRep().addConcept().setCode("L04AE03");
		client().create().resource(s1p).execute();
	}

	private String patient(String birthDate, String course, String diagnosed) {
		Patient patient = MsTestData.patient("Cohort", "Member", birthDate, "Aarau");
		String id = create(patient);
		create(MsTestData.diagnosis(id, course, null, diagnosed));
		return id;
	}

	private void medication(String patient, String system, String code, String display, String start, String end) {
		create(MsTestData.medication(patient, system, code, display, start, end));
	}

	private void edss(String patient, double value, String date) {
		create(MsTestData.edss(patient, value, date));
	}

	private String create(IBaseResource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	/** Criteria builder: the 1999 diagnosis window and the fixed evaluation date are always added. */
	private static Parameters criteria(Object... nameValuePairs) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("evaluation-date").setValue(new DateType(EVALUATION));
		parameters.addParameter().setName("diagnosis-date-from").setValue(new DateType("1999-01-01"));
		parameters.addParameter().setName("diagnosis-date-to").setValue(new DateType("1999-12-31"));
		for (int i = 0; i < nameValuePairs.length; i += 2) {
			parameters.addParameter().setName((String) nameValuePairs[i]).setValue((Type) nameValuePairs[i + 1]);
		}
		return parameters;
	}

	private static int count(Parameters result, String name) {
		return ((IntegerType) result.getParameter(name).getValue()).getValue();
	}

	@Test
	void spmsOnAnS1pModulatorWithEdssAtLeast6() {
		Parameters result = ok(post("Group/$ms-cohort", criteria(
				"name", new StringType("SPMS on S1P modulator, EDSS >= 6"),
				"diagnosis", new Coding(MsTestData.SNOMED, MsTestData.SPMS, null),
				"medication", new Coding(MsTestData.ATC, "L04AE", null),
				"edss-min", new DecimalType(6))));
		assertThat(members(result)).containsExactlyInAnyOrder(p1, p2);
		assertThat(count(result, "members")).isEqualTo(2);
		assertThat(count(result, "joined")).isEqualTo(2);
		assertThat(count(result, "left")).isZero();

		String groupId = result.getParameter("group").getResource().getIdElement().getIdPart();
		Group stored = client().read().resource(Group.class).withId(groupId).execute();
		assertThat(stored.getType()).isEqualTo(Group.GroupType.PERSON);
		assertThat(stored.getActual()).isTrue();
		assertThat(stored.getQuantity()).isEqualTo(2);
		assertThat(stored.getName()).isEqualTo("SPMS on S1P modulator, EDSS >= 6");
		assertThat(stored.getMember()).extracting(m -> m.getEntity().getReferenceElement().getIdPart())
				.containsExactlyInAnyOrder(p1, p2);
		assertThat(stored.getCharacteristic()).extracting(c -> c.getCode().getText())
				.containsExactlyInAnyOrder("diagnosis", "diagnosis-date", "medication-current", "edss-latest", "evaluation-date");
		assertThat(stored.getCharacteristic()).filteredOn(c -> "evaluation-date".equals(c.getCode().getText()))
				.singleElement().satisfies(c -> assertThat(c.getPeriod().getStartElement().getValueAsString()).isEqualTo(EVALUATION));
		assertThat(stored.getCharacteristic()).filteredOn(c -> "edss-latest".equals(c.getCode().getText()))
				.singleElement().satisfies(c -> {
					assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo("edss");
					assertThat(c.getValueRange().getLow().getValue()).isEqualByComparingTo("6");
				});
	}

	private int storedGroups() {
		return client().search().forResource(Group.class).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getTotal();
	}

	@Test
	void aDryRunAnswersCountAndMembersAndStoresNothing() {
		int before = storedGroups();
		Parameters result = ok(post("Group/$ms-cohort", criteria(
				"diagnosis", new Coding(MsTestData.SNOMED, MsTestData.SPMS, null),
				"medication", new Coding(MsTestData.ATC, "L04AE", null),
				"edss-min", new DecimalType(6),
				"dry-run", new org.hl7.fhir.r4.model.BooleanType(true))));
		assertThat(count(result, "members")).isEqualTo(2);
		assertThat(members(result)).containsExactlyInAnyOrder(p1, p2);
		assertThat(result.getParameter().stream().filter(p -> p.getName().equals("joined-patient"))
				.map(p -> ((org.hl7.fhir.r4.model.Reference) p.getValue()).getReference()))
				.containsExactlyInAnyOrder("Patient/" + p1, "Patient/" + p2);
		assertThat(result.getParameter("group").getResource().getIdElement().hasIdPart()).isFalse();
		assertThat(((org.hl7.fhir.r4.model.BooleanType) result.getParameter("dry-run").getValue()).getValue()).isTrue();
		assertThat(storedGroups()).isEqualTo(before);

		// a stored cohort re-evaluated as a dry run keeps its stored members
		Parameters stored = ok(post("Group/$ms-cohort", criteria("medication", new Coding(MsTestData.ATC, "L04AE03", null))));
		String groupId = stored.getParameter("group").getResource().getIdElement().getIdPart();
		Parameters widened = ok(post("Group/" + groupId + "/$ms-cohort?dry-run=true", criteria(
				"medication", new Coding(MsTestData.ATC, "L04AE03", null),
				"medication-status", new org.hl7.fhir.r4.model.CodeType("ever"))));
		assertThat(members(widened)).containsExactlyInAnyOrder(p1, p5);
		Group unchanged = client().read().resource(Group.class).withId(groupId).execute();
		assertThat(unchanged.getMember()).extracting(m -> m.getEntity().getReferenceElement().getIdPart()).containsExactly(p1);
	}

	@Test
	void aDryRunFlagThatIsNotABooleanIsRefused() {
		HttpResponse<String> response = post("Group/$ms-cohort", criteria(
				"diagnosis", new Coding(MsTestData.SNOMED, MsTestData.SPMS, null), "dry-run", new StringType("yes")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("dry-run");
	}

	@Test
	void everTakenIncludesStoppedMedicines() {
		Coding siponimod = new Coding(MsTestData.ATC, "L04AE03", null);
		assertThat(members(ok(post("Group/$ms-cohort", criteria("medication", siponimod)))))
				.containsExactly(p1);
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"medication", siponimod, "medication-status", new org.hl7.fhir.r4.model.CodeType("ever"))))))
				.containsExactlyInAnyOrder(p1, p5);
	}

	@Test
	void medicineCodesMatchTheirAliases() {
		// RxNorm fingolimod finds the statements coded with RxNorm and with the pre-2024 ATC code
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"medication", new Coding(MsTestData.RXNORM, "1012892", null))))))
				.containsExactlyInAnyOrder(p2, p3);
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"medication", new Coding(MsTestData.ATC, "L04AE01", null))))))
				.containsExactlyInAnyOrder(p2, p3);
	}

	@Test
	void medicationValueSet() {
		assertThat(members(ok(post("Group/$ms-cohort", criteria("medication-valueset", new UriType(S1P_VALUESET))))))
				.containsExactlyInAnyOrder(p1, p2, p3);
	}

	@Test
	void edssAtAGivenDate() {
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"edss-at-date", new DateType("2022-01-01"), "edss-at-date-min", new DecimalType(6))))))
				.containsExactly(p3);
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"edss-min", new DecimalType(5), "edss-max", new DecimalType(6))))))
				.containsExactlyInAnyOrder(p2, p3);
	}

	@Test
	void ageRangeAndDiagnosisHierarchy() {
		assertThat(members(ok(post("Group/$ms-cohort", criteria("age-min", new IntegerType(50))))))
				.containsExactlyInAnyOrder(p1, p2, p5);
		assertThat(members(ok(post("Group/$ms-cohort", criteria("age-min", new IntegerType(36), "age-max", new IntegerType(45))))))
				.containsExactlyInAnyOrder(p3, p4);
		// "multiple sclerosis" covers RRMS, SPMS and PPMS
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"diagnosis", new Coding(MsTestData.SNOMED, "24700007", null))))))
				.containsExactlyInAnyOrder(p1, p2, p3, p4, p5, p6);
		assertThat(members(ok(post("Group/$ms-cohort", criteria(
						"diagnosis", new Coding(MsTestData.SNOMED, MsTestData.RRMS, null))))))
				.containsExactly(p4);
		assertThat(p7).isNotNull();
	}

	@Test
	void reevaluationReportsWhoJoinedAndWhoLeft() {
		String q1 = patient("1961-01-01", MsTestData.SPMS, "1998-02-01");
		edss(q1, 5.5, "2025-01-01");
		String q2 = patient("1962-01-01", MsTestData.SPMS, "1998-03-01");
		edss(q2, 6.5, "2025-01-01");
		Parameters criteria = new Parameters();
		criteria.addParameter().setName("evaluation-date").setValue(new DateType(EVALUATION));
		criteria.addParameter().setName("diagnosis-date-from").setValue(new DateType("1998-01-01"));
		criteria.addParameter().setName("diagnosis-date-to").setValue(new DateType("1998-12-31"));
		criteria.addParameter().setName("edss-min").setValue(new DecimalType(6));
		Parameters built = ok(post("Group/$ms-cohort", criteria));
		assertThat(members(built)).containsExactly(q2);
		String groupId = built.getParameter("group").getResource().getIdElement().getIdPart();

		edss(q1, 6.0, "2025-06-01");
		edss(q2, 5.0, "2025-06-01");
		Parameters again = new Parameters();
		again.addParameter().setName("evaluation-date").setValue(new DateType(EVALUATION));
		Parameters result = ok(post("Group/" + groupId + "/$ms-cohort", again));
		assertThat(count(result, "joined")).isEqualTo(1);
		assertThat(count(result, "left")).isEqualTo(1);
		assertThat(result.getParameters("joined-patient")).singleElement()
				.satisfies(p -> assertThat(p.getValue().toString()).isNotNull());
		assertThat(members(result)).containsExactly(q1);
		Group stored = client().read().resource(Group.class).withId(groupId).execute();
		assertThat(stored.getMember()).extracting(m -> m.getEntity().getReferenceElement().getIdPart()).containsExactly(q1);
		assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void reevaluatingAGroupWithoutCriteriaIs400AndUnknownGroupIs404() {
		Group plain = new Group();
		plain.setType(Group.GroupType.PERSON).setActual(true);
		String id = create(plain);
		HttpResponse<String> response = post("Group/" + id + "/$ms-cohort", new Parameters());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("no $ms-cohort criteria");
		assertThat(post("Group/no-such-group/$ms-cohort", new Parameters()).statusCode()).isEqualTo(404);
	}

	@Test
	void badCriteriaAre400NamingTheParameter() {
		record Bad(String parameter, Parameters body) {}
		List<Bad> cases = List.of(
				new Bad("diagnosis", criteria("diagnosis", new Coding(MsTestData.SNOMED, "22253000", null))),
				new Bad("diagnosis", criteria("diagnosis", new Coding("http://hl7.org/fhir/sid/icd-10", "G35", null))),
				new Bad("medication", criteria("medication", new Coding(MsTestData.ATC, "L04XX99", null))),
				new Bad("medication", criteria("medication", new Coding(MsTestData.RXNORM, "999999", null))),
				new Bad("medication", criteria("medication", new DecimalType(3))),
				new Bad("medication-valueset", criteria("medication-valueset", new UriType("http://example.org/no-such-vs"))),
				new Bad("medication-status", criteria("medication", new Coding(MsTestData.ATC, "L04AE03", null),
						"medication-status", new StringType("sometimes"))),
				new Bad("edss-min", criteria("edss-min", new DecimalType(7), "edss-max", new DecimalType(6))),
				new Bad("edss-min", criteria("edss-min", new DecimalType(11))),
				new Bad("edss-min", criteria("edss-min", new StringType("six"))),
				new Bad("edss-at-date", criteria("edss-at-date", new DateType("2022-01-01"))),
				new Bad("edss-at-date-min", criteria("edss-at-date-min", new DecimalType(3))),
				new Bad("age-min", criteria("age-min", new IntegerType(-1))),
				new Bad("age-min", criteria("age-min", new IntegerType(60), "age-max", new IntegerType(40))),
				new Bad("age-max", criteria("age-max", new DecimalType(40.5))),
				new Bad("diagnosis-date-from", withDates("2020-01-01", "2019-01-01")),
				new Bad("diagnosis-date-from", withDates("2020", "2021-01-01")),
				new Bad("nonsense", criteria("nonsense", new StringType("x"))));
		for (Bad bad : cases) {
			HttpResponse<String> response = post("Group/$ms-cohort", bad.body());
			assertThat(response.statusCode()).as(bad.parameter() + ": " + response.body()).isEqualTo(400);
			assertThat(response.body()).contains("OperationOutcome").contains("'" + bad.parameter() + "'");
		}
		HttpResponse<String> none = post("Group/$ms-cohort", new Parameters());
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("at least one criterion");
	}

	private static Parameters withDates(String from, String to) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("diagnosis-date-from").setValue(new DateType(from));
		parameters.addParameter().setName("diagnosis-date-to").setValue(new DateType(to));
		return parameters;
	}
}

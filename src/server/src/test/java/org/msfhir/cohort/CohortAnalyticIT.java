package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.guide.MsTerminology;
import org.msfhir.support.MsTestData;

/**
 * The analytic criteria, {@code exclude} and {@code any-of} of {@code $ms-cohort} over HTTP on a small
 * hand-made cohort. Every patient here has an MS diagnosis dated 1997, and every request includes that
 * diagnosis window, so other tests' patients in the shared database never match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CohortAnalyticIT extends CohortTestSupport {

	private static final String EVALUATION = "2026-01-01";
	private static final String MSC = MsTestData.MS_CONCEPTS;

	private String a1; // female; 2 relapses in 2024; PIRA onset 2023; interferon then fingolimod; SDMT 35
	private String a2; // male; relapses 2023-12-31 and 2025-01-01 (straddling 2024); never on a DMT; SDMT 55
	private String a3; // female; no relapse; ocrelizumab; stable EDSS and inactive MRI in 2024; SDMT 45
	private String a4; // other; relapse 2025-03-01; never on a DMT; T25FW 9 s, pain 7, MFIS 50; diagnosed late 1997

	@BeforeAll
	void createKnownDataSet() {
		a1 = patient(Enumerations.AdministrativeGender.FEMALE, "1997-01-01");
		relapse(a1, "2024-03-01");
		relapse(a1, "2024-09-01");
		edss(a1, 2.0, "2023-01-10");
		edss(a1, 3.0, "2023-07-10");
		edss(a1, 3.0, "2024-01-08");
		create(MsTestData.medication(a1, MsTestData.ATC, "L03AB07", "interferon beta-1a", "2010-01-01", "2015-01-01"));
		create(MsTestData.medication(a1, MsTestData.ATC, "L04AE01", "fingolimod", "2015-02-01", null));
		sdmt(a1, 35, "2025-06-01");

		a2 = patient(Enumerations.AdministrativeGender.MALE, "1997-02-01");
		relapse(a2, "2023-12-31");
		relapse(a2, "2025-01-01");
		sdmt(a2, 55, "2025-06-01");

		a3 = patient(Enumerations.AdministrativeGender.FEMALE, "1997-03-01");
		edss(a3, 4.0, "2024-01-15");
		edss(a3, 4.0, "2024-07-15");
		mri(a3, "2024-06-01");
		create(MsTestData.medication(a3, MsTestData.ATC, "L04AG08", "ocrelizumab", "2020-01-01", null));
		sdmt(a3, 45, "2025-06-01");

		a4 = patient(Enumerations.AdministrativeGender.OTHER, "1997-12-01");
		relapse(a4, "2025-03-01");
		Observation walk = observation(a4, MsTerminology.MSC_T25FW, "2025-06-01");
		walk.setValue(new Quantity().setValue(BigDecimal.valueOf(9.0)).setSystem(MsTestData.UCUM).setCode("s").setUnit("s"));
		create(walk);
		create(MsTestData.pain(a4, 7, "2025-06-01"));
		Observation mfis = observation(a4, MsTerminology.MSC_MFIS_TOTAL, "2025-06-01");
		mfis.setValue(new IntegerType(50));
		create(mfis);
	}

	// --- data helpers ---

	private String patient(Enumerations.AdministrativeGender gender, String diagnosed) {
		Patient patient = MsTestData.patient("Analytic", "Member", "1980-01-01", "Bern");
		patient.setGender(gender);
		String id = create(patient);
		create(MsTestData.diagnosis(id, MsTestData.RRMS, null, diagnosed));
		return id;
	}

	private void relapse(String patient, String onset) {
		Condition c = new Condition();
		c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
		c.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
		c.setCode(new CodeableConcept(new Coding(MsTestData.SNOMED, MsTerminology.SNOMED_RELAPSE, "Exacerbation of multiple sclerosis")));
		c.setSubject(new Reference("Patient/" + patient));
		c.setOnset(new DateTimeType(onset));
		create(c);
	}

	private void edss(String patient, double value, String date) {
		create(MsTestData.edss(patient, value, date));
	}

	private Observation observation(String patient, String code, String date) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setCode(new CodeableConcept(new Coding(MSC, code, null)));
		o.setSubject(new Reference("Patient/" + patient));
		o.setEffective(new DateTimeType(date));
		return o;
	}

	private void sdmt(String patient, int value, String date) {
		Observation o = observation(patient, MsTerminology.MSC_SDMT, date);
		o.setValue(new IntegerType(value));
		create(o);
	}

	private void mri(String patient, String date) {
		Observation o = observation(patient, MsTerminology.MSC_MRI_ACTIVITY, date);
		o.addComponent().setCode(new CodeableConcept(new Coding(MSC, MsTerminology.MSC_MRI_NEW_ENLARGING_T2, null))).setValue(new IntegerType(0));
		o.addComponent().setCode(new CodeableConcept(new Coding(MSC, MsTerminology.MSC_MRI_GD_ENHANCING, null))).setValue(new IntegerType(0));
		create(o);
	}

	private String create(IBaseResource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	// --- request helpers ---

	/** Criteria with the 1997 diagnosis window and the evaluation date; values are Types or groups (Object[] of pairs). */
	private static Parameters criteria(Object... nameValuePairs) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("evaluation-date").setValue(new DateType(EVALUATION));
		parameters.addParameter().setName("diagnosis-date-from").setValue(new DateType("1997-01-01"));
		parameters.addParameter().setName("diagnosis-date-to").setValue(new DateType("1997-12-31"));
		add(parameters.getParameter(), nameValuePairs, parameters);
		return parameters;
	}

	private static void add(java.util.List<Parameters.ParametersParameterComponent> target, Object[] pairs, Parameters owner) {
		for (int i = 0; i < pairs.length; i += 2) {
			Parameters.ParametersParameterComponent p = new Parameters.ParametersParameterComponent().setName((String) pairs[i]);
			if (pairs[i + 1] instanceof Object[] parts) {
				add(p.getPart(), parts, null);
			} else {
				p.setValue((Type) pairs[i + 1]);
			}
			target.add(p);
		}
	}

	private static Object[] group(Object... pairs) {
		return pairs;
	}

	private static Object[] window(String start, String end, Object... more) {
		Object[] out = new Object[4 + more.length];
		out[0] = "period-start";
		out[1] = new DateType(start);
		out[2] = "period-end";
		out[3] = new DateType(end);
		System.arraycopy(more, 0, out, 4, more.length);
		return out;
	}

	private Set<String> cohort(Object... nameValuePairs) {
		Parameters body = criteria(nameValuePairs);
		body.addParameter().setName("dry-run").setValue(new BooleanType(true));
		return members(ok(post("Group/$ms-cohort", body)));
	}

	// --- tests ---

	@Test
	void relapseCountCountsConditionsPerPatientInsideTheWindow() {
		// a2's relapses straddle 2024 (one before, one after): two separate _has conditions would match it
		assertThat(cohort(window("2024-01-01", "2024-12-31", "relapse-count-min", new IntegerType(2)))).containsExactly(a1);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "relapse-count-min", new IntegerType(1)))).containsExactly(a1);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "relapse-count-max", new IntegerType(0))))
				.containsExactlyInAnyOrder(a2, a3, a4);
		// the window's days are both included: 2023-12-31 .. 2025-01-01 holds both of a2's relapses
		assertThat(cohort(window("2023-12-31", "2025-01-01", "relapse-count-min", new IntegerType(2)))).containsExactlyInAnyOrder(a1, a2);
		// default window: the two years up to the evaluation date, [2024-01-02, 2026-01-01]
		assertThat(cohort("relapse-rate-min", new DecimalType("0.9"))).containsExactly(a1);
	}

	@Test
	void worseningEdssChangeNeda3AndLublin() {
		assertThat(cohort(window("2023-01-01", "2023-12-31", "worsening", new CodeType("pira")))).containsExactly(a1);
		assertThat(cohort(window("2023-01-01", "2023-12-31", "worsening", new CodeType("raw")))).isEmpty();
		assertThat(cohort(window("2024-01-01", "2024-12-31", "worsening", new CodeType("any")))).isEmpty();
		assertThat(cohort(window("2023-01-01", "2024-12-31", "edss-change-min", new DecimalType(1)))).containsExactly(a1);
		assertThat(cohort(window("2023-01-01", "2024-12-31", "edss-change-max", new DecimalType(0)))).containsExactly(a3);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "neda3", new BooleanType(true)))).containsExactly(a3);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "neda3", new BooleanType(false)))).containsExactly(a1);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "lublin-activity", new CodeType("active")))).containsExactly(a1);
		assertThat(cohort(window("2024-01-01", "2024-12-31", "lublin-activity", new CodeType("indeterminate"))))
				.containsExactlyInAnyOrder(a2, a4);
		assertThat(cohort(window("2023-01-01", "2023-12-31", "lublin-progression", new CodeType("with-progression"))))
				.containsExactly(a1);
	}

	@Test
	void sexDiseaseDurationAndThresholds() {
		assertThat(cohort("sex", new CodeType("female"))).containsExactlyInAnyOrder(a1, a3);
		assertThat(cohort("sex", new CodeType("female"), "sex", new CodeType("other"))).containsExactlyInAnyOrder(a1, a3, a4);
		// to 2026-01-01: from 1997-01-01 28.999 years, 1997-02-01 28.915, 1997-03-01 28.837, 1997-12-01 28.085
		assertThat(cohort("disease-duration-min", new DecimalType("28.95"))).containsExactly(a1);
		assertThat(cohort("disease-duration-max", new DecimalType("28.5"))).containsExactly(a4);
		assertThat(cohort("sdmt-max", new IntegerType(40))).containsExactly(a1);
		assertThat(cohort("sdmt-min", new IntegerType(40), "sdmt-max", new IntegerType(50))).containsExactly(a3);
		assertThat(cohort("t25fw-min", new DecimalType(8))).containsExactly(a4);
		assertThat(cohort("pain-min", new IntegerType(5))).containsExactly(a4);
		assertThat(cohort("mfis-min", new IntegerType(38))).containsExactly(a4);
		assertThat(cohort("lines-of-therapy-min", new IntegerType(2))).containsExactly(a1);
		assertThat(cohort("lines-of-therapy-max", new IntegerType(0))).containsExactlyInAnyOrder(a2, a4);
		assertThat(cohort("switches-min", new IntegerType(1))).containsExactly(a1);
	}

	@Test
	void excludeAndAnyOf() {
		Object[] everOnDmt = group("medication-valueset", new UriType(MsTerminology.VS_DMT), "medication-status", new CodeType("ever"));
		assertThat(cohort("exclude", everOnDmt)).as("never on a DMT").containsExactlyInAnyOrder(a2, a4);
		assertThat(cohort("exclude", group("relapse-count-min", new IntegerType(1), "period-start", new DateType("2025-01-01"))))
				.as("no relapse since 2025-01-01").containsExactlyInAnyOrder(a1, a3);
		assertThat(cohort("exclude", everOnDmt, "exclude", group("sex", new CodeType("male")))).containsExactly(a4);
		assertThat(cohort("any-of", group("sex", new CodeType("male")), "any-of", group("sdmt-max", new IntegerType(40))))
				.containsExactlyInAnyOrder(a1, a2);
		// any-of within the top-level criteria, then an exclude
		assertThat(cohort("sex", new CodeType("female"), "sex", new CodeType("male"),
						"any-of", group("sdmt-min", new IntegerType(40)), "any-of", group("lines-of-therapy-min", new IntegerType(2)),
						"exclude", group("sex", new CodeType("male"))))
				.containsExactlyInAnyOrder(a1, a3);
	}

	@Test
	void storedCriteriaAreReadBackOnReEvaluation() {
		Parameters body = criteria("name", new org.hl7.fhir.r4.model.StringType("analytic re-evaluation"),
				"sex", new CodeType("female"), "sex", new CodeType("other"),
				"any-of", group("sdmt-max", new IntegerType(40)),
				"any-of", window("2024-01-01", "2024-12-31", "neda3", new BooleanType(true)),
				"exclude", group("relapse-count-min", new IntegerType(1), "period-start", new DateType("2025-01-01")));
		Parameters built = ok(post("Group/$ms-cohort", body));
		assertThat(members(built)).containsExactlyInAnyOrder(a1, a3);
		String groupId = built.getParameter("group").getResource().getIdElement().getIdPart();
		Group stored = client().read().resource(Group.class).withId(groupId).execute();
		assertThat(stored.getCharacteristic()).filteredOn(c -> c.hasExtension(CohortGroups.GROUP_EXTENSION)).hasSize(3);
		assertThat(stored.getCharacteristic()).filteredOn(Group.GroupCharacteristicComponent::getExclude)
				.singleElement().satisfies(c -> assertThat(c.getCode().getText()).isEqualTo("relapse-count"));

		Parameters again = new Parameters();
		again.addParameter().setName("evaluation-date").setValue(new DateType(EVALUATION));
		Parameters result = ok(post("Group/" + groupId + "/$ms-cohort", again));
		assertThat(members(result)).containsExactlyInAnyOrder(a1, a3);
		assertThat(((IntegerType) result.getParameter("joined").getValue()).getValue()).isZero();
		assertThat(((IntegerType) result.getParameter("left").getValue()).getValue()).isZero();
		Group after = client().read().resource(Group.class).withId(groupId).execute();
		assertThat(after.getCharacteristic()).hasSameSizeAs(stored.getCharacteristic());
	}

	@Test
	void aDryRunWithAnalyticCriteriaStoresNothing() {
		int before = client().search().forResource(Group.class).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute().getTotal();
		Parameters body = criteria(window("2024-01-01", "2024-12-31", "relapse-count-min", new IntegerType(2)));
		HttpResponse<String> response = post("Group/$ms-cohort?dry-run=true", body);
		assertThat(members(ok(response))).containsExactly(a1);
		int after = client().search().forResource(Group.class).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute().getTotal();
		assertThat(after).isEqualTo(before);
	}

	@Test
	void badNewCriteriaAre400NamingTheParameter() {
		record Bad(String parameter, Parameters body) {}
		for (Bad bad : new Bad[] {
				new Bad("worsening", criteria("worsening", new CodeType("sometimes"))),
				new Bad("relapse-count-min", criteria("relapse-count-min", new DecimalType("1.5"))),
				new Bad("period-start", criteria(window("2025-01-01", "2024-01-01", "neda3", new BooleanType(true)))),
				new Bad("period-start", criteria("relapse-count-min", new IntegerType(1), "period-start", new DateType("2027-01-01"))),
				new Bad("exclude", criteria("any-of", group("exclude", group("sex", new CodeType("male"))))),
				new Bad("any-of", criteria("any-of", group())),
				new Bad("sex", criteria("sex", new CodeType("f")))}) {
			HttpResponse<String> response = post("Group/$ms-cohort", bad.body());
			assertThat(response.statusCode()).as(bad.parameter() + ": " + response.body()).isEqualTo(400);
			assertThat(response.body()).contains("OperationOutcome").contains("'" + bad.parameter() + "'");
		}
	}

	@Test
	void theOperationDefinitionIsServedAndListsEveryParameter() {
		Bundle found = client().search().byUrl("OperationDefinition?url=" + CohortOperationDefinitionTest.URL)
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		OperationDefinition definition = (OperationDefinition) found.getEntryFirstRep().getResource();
		assertThat(definition.getParameter().stream()
						.filter(p -> p.getUse() == OperationDefinition.OperationParameterUse.IN)
						.map(OperationDefinition.OperationDefinitionParameterComponent::getName)
						.collect(Collectors.toSet()))
				.isEqualTo(CohortCriteriaParser.KNOWN);
	}
}

package org.msfhir.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.support.RepositoryPaths;

/**
 * {@code $ms-progression} over HTTP: every reference case of docs/progression.md is stored as FHIR
 * resources (one patient each) and the operation's answer must equal the engine's answer for the case's
 * history and settings; Group level, persist, bad parameters and SMART confinement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressionOperationIT extends PostgresIntegrationTest {

	static final String MSC = MsTestData.MS_CONCEPTS;

	private final Map<String, String> patientOf = new HashMap<>();
	private List<ReferenceCasesTest.Case> cases;

	@BeforeAll
	void storeCases() throws Exception {
		cases = ReferenceCasesTest.parse(Files.readAllLines(RepositoryPaths.root().resolve("docs/progression.md")));
		for (ReferenceCasesTest.Case c : cases) {
			String patient = create(MsTestData.patient("Case" + c.id(), "Pat", "1980-01-01", "Bern"));
			patientOf.put(c.id(), patient);
			storeHistory(patient, c.history());
		}
	}

	@Test
	void everyReferenceCaseThroughFhirEqualsTheEngine() {
		assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
		for (ReferenceCasesTest.Case c : cases) {
			String patient = patientOf.get(c.id());
			DateWindow window = windowOf(c.history());
			Parameters out = get("Patient/" + patient + "/$ms-progression?" + settingsQuery(c.settings())
					+ "&from=" + window.from() + "&to=" + window.to());
			ParametersParameterComponent part = single(out, "patient");
			PatientProgression engine = new ProgressionEngine(c.settings()).analyse(c.history());

			assertThat(events(part)).as(c.id() + " events").isEqualTo(expectedEvents(engine));
			for (Measure m : c.history().measurements().keySet()) {
				ParametersParameterComponent first = parts(part, "time-to-first-event").stream()
						.filter(p -> measureName(m).equals(value(p, "measure"))).findFirst().orElseThrow();
				var days = engine.result(m).daysToFirstEvent();
				assertThat(value(first, "days")).as(c.id() + " " + m + " days to first event")
						.isEqualTo(days.isPresent() ? Long.toString(days.getAsLong()) : null);
			}
			ParametersParameterComponent activity = sub(part, "activity");
			assertThat(value(activity, "annualised-relapse-rate")).as(c.id() + " ARR").isEqualTo(
					new BigDecimal(RelapseMetrics.annualisedRelapseRate(c.history().relapseOnsets(), window))
							.setScale(3, java.math.RoundingMode.HALF_UP).toPlainString());
			for (ParametersParameterComponent year : parts(activity, "year")) {
				DateWindow y = DateWindow.calendarYear(Integer.parseInt(value(year, "year")));
				assertThat(value(year, "neda3")).as(c.id() + " NEDA-3 " + y)
						.isEqualTo(DiseaseActivity.neda3(c.history(), engine, y).name());
				assertThat(value(year, "lublin-activity")).as(c.id() + " Lublin activity " + y)
						.isEqualTo(DiseaseActivity.lublinActivity(c.history(), y).name());
				assertThat(value(year, "lublin-progression")).as(c.id() + " Lublin progression " + y)
						.isEqualTo(DiseaseActivity.lublinProgression(c.history(), engine, y).name());
			}
		}
	}

	@Test
	void referenceCaseC01GivesOnePiraEventWithItsObservations() {
		ParametersParameterComponent part = single(get("Patient/" + patientOf.get("C01") + "/$ms-progression"), "patient");

		assertThat(events(part)).containsExactly("EDSS 2020-01-06 2.0 2020-07-06 3.0 2021-01-04 3.0 PIRA");
		ParametersParameterComponent event = sub(part, "event");
		assertThat(((Reference) sub(event, "onset-observation").getValue()).getReference()).startsWith("Observation/");
		assertThat(value(single(part, "time-to-first-event"), "days")).isEqualTo("182");
	}

	@Test
	void typeLevelWithPatientParameterEqualsInstanceLevel() {
		String patient = patientOf.get("C06");
		Parameters instance = get("Patient/" + patient + "/$ms-progression?from=2019-01-01&to=2024-01-01");
		Parameters type = get("Patient/$ms-progression?patient=" + patient + "&from=2019-01-01&to=2024-01-01");

		assertThat(events(single(type, "patient"))).isNotEmpty().isEqualTo(events(single(instance, "patient")));
	}

	@Test
	void settingsChangeTheAnswer() {
		String patient = patientOf.get("C06"); // two events with a roving reference, one with a fixed one
		assertThat(events(single(get("Patient/" + patient + "/$ms-progression?reference=roving"), "patient"))).hasSize(2);
		assertThat(events(single(get("Patient/" + patient + "/$ms-progression?reference=fixed"), "patient"))).hasSize(1);
	}

	@Test
	void groupLevelGivesEveryMemberAndASummaryPerMeasure() {
		List<ReferenceCasesTest.Case> defaults = cases.stream()
				.filter(c -> c.settings().equals(ProgressionSettings.defaults())).toList();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		defaults.forEach(c -> group.addMember().setEntity(new Reference("Patient/" + patientOf.get(c.id()))));
		String groupId = create(group);

		Parameters out = get("Group/" + groupId + "/$ms-progression?from=2019-01-01&to=2025-01-01");

		assertThat(parts(out, "patient")).hasSize(defaults.size());
		assertThat(((IntegerType) single(out, "patients").getValue()).getValue()).isEqualTo(defaults.size());
		List<PatientOutcome> outcomes = new ArrayList<>();
		DateWindow window = new DateWindow(LocalDate.parse("2019-01-01"), LocalDate.parse("2025-01-01"));
		for (ReferenceCasesTest.Case c : defaults) {
			PatientProgression p = new ProgressionEngine(c.settings()).analyse(c.history());
			outcomes.add(new PatientOutcome(c.id(), p,
					RelapseMetrics.annualisedRelapseRate(c.history().relapseOnsets(), window),
					DiseaseActivity.neda3(c.history(), p, window)));
		}
		for (Measure m : Measure.values()) {
			GroupSummary expected = GroupSummariser.summarise(m, outcomes);
			ParametersParameterComponent summary = parts(out, "summary").stream()
					.filter(s -> measureName(m).equals(value(s, "measure"))).findFirst().orElseThrow();
			assertThat(value(summary, "events")).as(m + " events").isEqualTo(Integer.toString(expected.events()));
			assertThat(value(summary, "pira-events")).as(m + " PIRA").isEqualTo(Integer.toString(expected.piraEvents()));
			assertThat(value(summary, "raw-events")).as(m + " RAW").isEqualTo(Integer.toString(expected.rawEvents()));
			assertThat(value(summary, "patients-with-event")).isEqualTo(Integer.toString(expected.patientsWithEvent()));
			assertThat(value(summary, "neda3-evaluable")).isEqualTo(Integer.toString(expected.neda3Evaluable()));
			assertThat(value(summary, "neda3-achieved")).isEqualTo(Integer.toString(expected.neda3Achieved()));
		}
	}

	@Test
	void persistStoresEventObservationsWithProvenanceOnce() {
		String patient = patientOf.get("C06");
		ParametersParameterComponent part = single(get("Patient/" + patient + "/$ms-progression?persist=true"), "patient");
		List<String> stored = parts(part, "stored").stream().map(p -> ((Reference) p.getValue()).getReference()).toList();

		assertThat(stored).filteredOn(s -> s.startsWith("Observation/")).hasSize(2);
		assertThat(stored).filteredOn(s -> s.startsWith("Provenance/")).hasSize(1);
		Observation event = client().read().resource(Observation.class).withId(stored.get(0)).execute();
		assertThat(event.getCode().getCodingFirstRep().getCode()).isEqualTo("disability-worsening-event");
		assertThat(event.getSubject().getReference()).isEqualTo("Patient/" + patient);
		assertThat(event.getDerivedFrom()).isNotEmpty();
		Provenance provenance = client().read().resource(Provenance.class)
				.withId(stored.stream().filter(s -> s.startsWith("Provenance/")).findFirst().orElseThrow()).execute();
		assertThat(provenance.getTarget()).extracting(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue())
				.containsExactlyInAnyOrderElementsOf(stored.stream().filter(s -> s.startsWith("Observation/")).toList());
		List<String> inputs = provenance.getEntity().stream().map(e -> e.getWhat().getReference()).toList();
		for (Reference r : event.getDerivedFrom()) {
			assertThat(inputs).contains(r.getReference());
		}
		assertThat(inputs).hasSize(6); // C06: six EDSS visits, no relapse

		ParametersParameterComponent again = single(get("Patient/" + patient + "/$ms-progression?persist=true"), "patient");
		List<String> storedAgain = parts(again, "stored").stream().map(p -> ((Reference) p.getValue()).getReference()).toList();
		assertThat(storedAgain).filteredOn(s -> s.startsWith("Observation/"))
				.containsExactlyInAnyOrderElementsOf(stored.stream().filter(s -> s.startsWith("Observation/")).toList());
	}

	// ---- helpers --------------------------------------------------------------------------------------

	static DateWindow windowOf(PatientHistory h) {
		LocalDate first = LocalDate.MAX;
		LocalDate last = LocalDate.MIN;
		List<LocalDate> dates = new ArrayList<>(h.relapseOnsets());
		h.measurements().values().forEach(s -> s.forEach(m -> dates.add(m.date())));
		h.mriAssessments().forEach(m -> dates.add(m.date()));
		for (LocalDate d : dates) {
			first = d.isBefore(first) ? d : first;
			last = d.isAfter(last) ? d : last;
		}
		return new DateWindow(LocalDate.of(first.getYear(), 1, 1), LocalDate.of(last.getYear() + 1, 1, 1));
	}

	static String settingsQuery(ProgressionSettings s) {
		return "reference=" + s.reference().name().toLowerCase(Locale.ROOT)
				+ "&edss-delta-from-zero=" + s.edssDeltaFromZero()
				+ "&edss-delta-up-to-boundary=" + s.edssDeltaUpToBoundary()
				+ "&edss-delta-above-boundary=" + s.edssDeltaAboveBoundary()
				+ "&edss-boundary=" + s.edssBoundary()
				+ "&confirmation-weeks=" + s.confirmationWeeks()
				+ "&relapse-exclusion-days=" + s.relapseExclusionDays()
				+ "&raw-window-days=" + s.rawWindowDays()
				+ "&pira-days-before=" + s.piraDaysBefore()
				+ "&pira-days-after=" + s.piraDaysAfter()
				+ "&timed-test-fraction=" + s.timedTestFraction()
				+ "&sdmt-points=" + s.sdmtPoints()
				+ "&sdmt-fraction=" + s.sdmtFraction()
				+ "&sdmt-rule=" + s.sdmtRule().name().toLowerCase(Locale.ROOT)
				+ "&progression-includes-raw=" + s.progressionIncludesRaw();
	}

	static List<String> expectedEvents(PatientProgression p) {
		List<String> out = new ArrayList<>();
		for (Measure m : Measure.values()) {
			for (WorseningEvent e : p.result(m).events()) {
				out.add(measureName(m) + " " + e.reference().date() + " " + e.reference().value() + " "
						+ e.onset().date() + " " + e.onset().value() + " " + e.confirmation().date() + " "
						+ e.confirmation().value() + " " + e.classification());
			}
		}
		return out;
	}

	static List<String> events(ParametersParameterComponent patient) {
		List<String> out = new ArrayList<>();
		for (ParametersParameterComponent e : parts(patient, "event")) {
			out.add(value(e, "measure") + " " + value(e, "reference-date") + " " + number(e, "reference-value") + " "
					+ value(e, "onset-date") + " " + number(e, "onset-value") + " " + value(e, "confirmation-date") + " "
					+ number(e, "confirmation-value") + " " + value(e, "classification"));
		}
		return out;
	}

	private static String number(ParametersParameterComponent part, String name) {
		return Double.toString(Double.parseDouble(value(part, name)));
	}

	static String measureName(Measure m) {
		return m == Measure.NHPT ? "9HPT" : m.name();
	}

	static List<ParametersParameterComponent> parts(ParametersParameterComponent part, String name) {
		return part.getPart().stream().filter(p -> name.equals(p.getName())).toList();
	}

	static List<ParametersParameterComponent> parts(Parameters out, String name) {
		return out.getParameter().stream().filter(p -> name.equals(p.getName())).toList();
	}

	static ParametersParameterComponent single(Parameters out, String name) {
		List<ParametersParameterComponent> found = parts(out, name);
		assertThat(found).as(name).hasSize(1);
		return found.get(0);
	}

	static ParametersParameterComponent single(ParametersParameterComponent part, String name) {
		List<ParametersParameterComponent> found = parts(part, name);
		assertThat(found).as(name).hasSize(1);
		return found.get(0);
	}

	static ParametersParameterComponent sub(ParametersParameterComponent part, String name) {
		return parts(part, name).get(0);
	}

	/** The primitive value of a part as a string, null when absent. */
	static String value(ParametersParameterComponent part, String name) {
		List<ParametersParameterComponent> found = parts(part, name);
		return found.isEmpty() ? null : found.get(0).getValue().primitiveValue();
	}

	Parameters get(String path) {
		HttpResponse<String> response = send(request(path).header("Accept", "application/fhir+json"));
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	String create(Resource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	void storeHistory(String patient, PatientHistory h) {
		h.measurements().forEach((measure, series) -> series.forEach(m -> create(measurement(patient, measure, m))));
		h.relapseOnsets().forEach(d -> create(relapse(patient, d.toString())));
		h.mriAssessments().forEach(m -> create(mri(patient, m.date().toString(), m.newOrEnlargingT2(), m.gdEnhancing())));
	}

	static Observation measurement(String patient, Measure measure, Measurement m) {
		if (measure == Measure.EDSS) {
			return MsTestData.edss(patient, m.value(), m.date().toString());
		}
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setSubject(new Reference("Patient/" + patient));
		o.setEffective(new DateTimeType(m.date().toString()));
		switch (measure) {
			case T25FW -> {
				o.setCode(new CodeableConcept(new Coding(MSC, "t25fw", "Timed 25-foot walk")));
				o.setValue(seconds(m.value()));
			}
			case NHPT -> {
				o.setCode(new CodeableConcept(new Coding(MSC, "9hpt", "Nine-hole peg test")));
				o.setValue(seconds(m.value()));
				o.addComponent().setCode(new CodeableConcept(new Coding(MSC, "9hpt-dominant-hand", null)))
						.setValue(seconds(m.value()));
				o.addComponent().setCode(new CodeableConcept(new Coding(MSC, "9hpt-non-dominant-hand", null)))
						.setValue(seconds(m.value()));
			}
			case SDMT -> {
				o.setCode(new CodeableConcept(new Coding(MSC, "sdmt", "SDMT")));
				o.setValue(new IntegerType((int) m.value()));
			}
			default -> throw new IllegalArgumentException(measure.name());
		}
		return o;
	}

	private static Quantity seconds(double v) {
		return new Quantity().setValue(BigDecimal.valueOf(v)).setSystem(MsTestData.UCUM).setCode("s").setUnit("s");
	}

	static Condition relapse(String patient, String onset) {
		Condition c = new Condition();
		c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
		c.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
		c.setCode(new CodeableConcept(new Coding(MsTestData.SNOMED, "192929006", "Exacerbation of multiple sclerosis")));
		c.setSubject(new Reference("Patient/" + patient));
		c.setOnset(new DateTimeType(onset));
		return c;
	}

	static Observation mri(String patient, String date, int t2, int gd) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setCode(new CodeableConcept(new Coding(MSC, "mri-activity", "MRI activity assessment")));
		o.setSubject(new Reference("Patient/" + patient));
		o.setEffective(new DateTimeType(date));
		o.addComponent().setCode(new CodeableConcept(new Coding(MSC, "mri-new-enlarging-t2", null))).setValue(new IntegerType(t2));
		o.addComponent().setCode(new CodeableConcept(new Coding(MSC, "mri-gd-enhancing", null))).setValue(new IntegerType(gd));
		return o;
	}

}

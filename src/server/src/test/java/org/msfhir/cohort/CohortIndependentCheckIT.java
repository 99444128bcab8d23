package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.guide.MsTerminology;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * Cohort answers against an independent computation: 60 synthetic patients are loaded, their raw data
 * is fetched back with plain searches, and a few criteria are computed here with straightforward code
 * written from docs/cohorts.md (no server or analytics class). The server evaluates over every patient
 * of the shared database; its answer restricted to the loaded patients must equal the computed set
 * (each patient's membership depends on its own data only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CohortIndependentCheckIT extends PostgresIntegrationTest {

	private static final long SEED = 4722; // not a seed other tests load, so no patient is shared
	private static final int PATIENTS = 60;
	private static final LocalDate AT = CohortGenerator.DEFAULT_AS_OF;
	private static final String RELAPSE = MsTerminology.SNOMED + "|" + MsTerminology.SNOMED_RELAPSE;
	private static final Set<String> MS_DIAGNOSES = Set.of(MsTerminology.SNOMED_MS, MsTerminology.SNOMED_RRMS,
			MsTerminology.SNOMED_SPMS, MsTerminology.SNOMED_PPMS, MsTerminology.SNOMED_CIS, MsTerminology.SNOMED_RIS);

	private final List<String> loaded = new ArrayList<>();
	private final Map<String, Patient> patients = new HashMap<>();
	private final Map<String, List<Condition>> conditions = new HashMap<>();
	private final Map<String, List<Observation>> sdmt = new HashMap<>();
	private final Map<String, List<MedicationStatement>> medications = new HashMap<>();
	private Set<String> dmtCodes;

	@BeforeAll
	void loadAndExport() {
		CohortGenerator generator = new CohortGenerator(SEED);
		for (int i = 0; i < PATIENTS; i++) {
			Bundle response = client().transaction().withBundle(generator.bundle(i)).execute();
			loaded.add(new org.hl7.fhir.r4.model.IdType(response.getEntryFirstRep().getResponse().getLocation()).getIdPart());
		}
		String subjects = loaded.stream().map(id -> "Patient/" + id).collect(Collectors.joining(","));
		fetch("Patient?_id=" + String.join(",", loaded)).forEach(r -> patients.put(r.getIdElement().getIdPart(), (Patient) r));
		fetch("Condition?subject=" + subjects).forEach(r -> conditions
				.computeIfAbsent(((Condition) r).getSubject().getReferenceElement().getIdPart(), k -> new ArrayList<>()).add((Condition) r));
		fetch("Observation?code=" + MsTerminology.MS_CONCEPTS + "|" + MsTerminology.MSC_SDMT + "&subject=" + subjects)
				.forEach(r -> sdmt.computeIfAbsent(((Observation) r).getSubject().getReferenceElement().getIdPart(),
						k -> new ArrayList<>()).add((Observation) r));
		fetch("MedicationStatement?subject=" + subjects).forEach(r -> medications
				.computeIfAbsent(((MedicationStatement) r).getSubject().getReferenceElement().getIdPart(), k -> new ArrayList<>())
				.add((MedicationStatement) r));
		ValueSet dmt = (ValueSet) fetch("ValueSet?url=" + MsTerminology.VS_DMT).get(0);
		dmtCodes = new HashSet<>();
		dmt.getCompose().getInclude().forEach(inc -> inc.getConcept().forEach(c -> dmtCodes.add(inc.getSystem() + "|" + c.getCode())));
		assertThat(patients).hasSize(PATIENTS);
	}

	private List<IBaseResource> fetch(String url) {
		List<IBaseResource> out = new ArrayList<>();
		Bundle page = client().search().byUrl(url + (url.contains("?") ? "&" : "?") + "_count=500").returnBundle(Bundle.class).execute();
		while (true) {
			page.getEntry().forEach(e -> out.add(e.getResource()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				return out;
			}
			page = client().loadPage().next(page).execute();
		}
	}

	// --- the independent computation, from the documented definitions ---

	private static LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType date) {
		return LocalDate.parse(date.getValueAsString().substring(0, 10));
	}

	private int relapses(String patient, LocalDate first, LocalDate last) {
		Set<LocalDate> onsets = new HashSet<>();
		for (Condition c : conditions.getOrDefault(patient, List.of())) {
			boolean relapse = c.getCode().getCoding().stream().anyMatch(x -> RELAPSE.equals(x.getSystem() + "|" + x.getCode()));
			boolean withdrawn = c.getVerificationStatus().getCoding().stream()
					.anyMatch(x -> "refuted".equals(x.getCode()) || "entered-in-error".equals(x.getCode()));
			if (relapse && !withdrawn && c.hasOnsetDateTimeType()) {
				LocalDate onset = day(c.getOnsetDateTimeType());
				if (!onset.isBefore(first) && !onset.isAfter(last)) {
					onsets.add(onset);
				}
			}
		}
		return onsets.size();
	}

	private double diseaseYears(String patient) {
		LocalDate first = null;
		for (Condition c : conditions.getOrDefault(patient, List.of())) {
			boolean ms = c.getCode().getCoding().stream()
					.anyMatch(x -> MsTerminology.SNOMED.equals(x.getSystem()) && MS_DIAGNOSES.contains(x.getCode()));
			if (ms && c.hasOnsetDateTimeType() && (first == null || day(c.getOnsetDateTimeType()).isBefore(first))) {
				first = day(c.getOnsetDateTimeType());
			}
		}
		return first == null || first.isAfter(AT) ? -1 : ChronoUnit.DAYS.between(first, AT) / 365.25;
	}

	private boolean everOnDmt(String patient) {
		for (MedicationStatement s : medications.getOrDefault(patient, List.of())) {
			String status = s.getStatus().toCode();
			boolean dmt = s.getMedicationCodeableConcept().getCoding().stream()
					.anyMatch(c -> dmtCodes.contains(c.getSystem() + "|" + c.getCode()));
			if (dmt && !Set.of("entered-in-error", "not-taken", "intended").contains(status)
					&& !day(s.getEffectivePeriod().getStartElement()).isAfter(AT)) {
				return true;
			}
		}
		return false;
	}

	private Integer latestSdmt(String patient) {
		Map<LocalDate, Integer> byDay = new TreeMap<>();
		for (Observation o : sdmt.getOrDefault(patient, List.of())) {
			LocalDate date = day(o.getEffectiveDateTimeType());
			if (!date.isAfter(AT) && o.getStatus() == Observation.ObservationStatus.FINAL) {
				byDay.put(date, ((IntegerType) o.getValue()).getValue());
			}
		}
		return byDay.isEmpty() ? null : ((TreeMap<LocalDate, Integer>) byDay).lastEntry().getValue();
	}

	private Set<String> expected(Predicate<String> rule) {
		return loaded.stream().filter(rule).collect(Collectors.toSet());
	}

	// --- the server's answer ---

	private Set<String> server(Object... nameValuePairs) {
		Parameters body = new Parameters();
		body.addParameter().setName("evaluation-date").setValue(new DateType(AT.toString()));
		body.addParameter().setName("dry-run").setValue(new BooleanType(true));
		for (int i = 0; i < nameValuePairs.length; i += 2) {
			Parameters.ParametersParameterComponent p = body.addParameter().setName((String) nameValuePairs[i]);
			if (nameValuePairs[i + 1] instanceof Object[] parts) {
				for (int j = 0; j < parts.length; j += 2) {
					p.addPart().setName((String) parts[j]).setValue((Type) parts[j + 1]);
				}
			} else {
				p.setValue((Type) nameValuePairs[i + 1]);
			}
		}
		HttpResponse<String> response = send(request("Group/$ms-cohort")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(body))));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Group group = (Group) fhirContext.newJsonParser().parseResource(Parameters.class, response.body())
				.getParameter("group").getResource();
		Set<String> members = group.getMember().stream().map(m -> m.getEntity().getReferenceElement().getIdPart())
				.collect(Collectors.toSet());
		members.retainAll(loaded);
		return members;
	}

	private void compare(String what, Set<String> server, Set<String> expected) {
		assertThat(expected).as(what + ": the computed set is neither empty nor the whole cohort").isNotEmpty()
				.hasSizeLessThan(PATIENTS);
		assertThat(server).as(what).isEqualTo(expected);
	}

	@Test
	void relapseCountInAWindow() {
		LocalDate from = LocalDate.parse("2023-07-01");
		compare("relapse-count-min 2 in [2023-07-01, 2026-06-30]",
				server("relapse-count-min", new IntegerType(2), "period-start", new DateType(from.toString())),
				expected(p -> relapses(p, from, AT) >= 2));
	}

	@Test
	void sexAndDiseaseDuration() {
		compare("female with at least 10 years of disease",
				server("sex", new CodeType("female"), "disease-duration-min", new DecimalType(10)),
				expected(p -> patients.get(p).getGender() == org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE
						&& diseaseYears(p) >= 10));
	}

	@Test
	void neverOnADmt() {
		compare("never on a DMT",
				server("exclude", new Object[] {"medication-valueset", new UriType(MsTerminology.VS_DMT),
						"medication-status", new CodeType("ever")}),
				expected(p -> !everOnDmt(p)));
	}

	@Test
	void anOrOfTwoGroups() {
		LocalDate from = AT.plusDays(1).minusYears(2);
		compare("latest SDMT <= 40, or a relapse in the default window",
				server("any-of", new Object[] {"sdmt-max", new IntegerType(40)},
						"any-of", new Object[] {"relapse-count-min", new IntegerType(1)}),
				expected(p -> (latestSdmt(p) != null && latestSdmt(p) <= 40) || relapses(p, from, AT) >= 1));
	}

	@Test
	void latestSdmtThreshold() {
		compare("latest SDMT >= 50", server("sdmt-min", new IntegerType(50)),
				expected(p -> latestSdmt(p) != null && latestSdmt(p) >= 50));
	}

	@Test
	void aTypicalAnalyticCohortOverTheWholeDatabaseIsFast() {
		long start = System.nanoTime();
		server("diagnosis", new Coding(MsTerminology.SNOMED, MsTerminology.SNOMED_MS, null),
				"relapse-count-min", new IntegerType(1), "worsening", new CodeType("any"), "sdmt-max", new IntegerType(60));
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.println("[CohortIndependentCheckIT] analytic cohort over every stored patient: " + millis + " ms");
		assertThat(millis).isLessThan(30_000);
	}
}

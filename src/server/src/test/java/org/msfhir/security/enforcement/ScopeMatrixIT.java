package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * The scope matrix: for every scope form, a token launched for patient A never sees patient B's data
 * through any read-side interaction, never writes B's data, and a read-only token never writes at
 * all. Cases are generated (scope forms x interactions); the total is printed at the end.
 *
 * <p>"Sees B's data" is checked on the response itself: no returned resource (also inside bundles
 * and batch/transaction responses) has one of B's ids, and the body contains none of B's data
 * markers (B's family name, the text in B's observations and condition). A refusal (403) and an
 * empty result both pass; each form also has positive cases on A's own data, so a server that
 * refused everything would fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixIT extends PostgresIntegrationTest {

	static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
	static final String SURVEY = "http://terminology.hl7.org/CodeSystem/observation-category|survey";
	static final String CODES = "http://example.org/msfhir-test-codes";

	/** A unique prefix per run: the database is shared with the other ITs and earlier runs. */
	static final String RUN = Long.toString(System.nanoTime(), 36);
	static final String A = "mxa" + RUN;
	static final String B = "mxb" + RUN;

	/** The scope forms of the matrix; every token carries patient A as its launch context. */
	enum Form {
		V1_READ("patient/Patient.read patient/Observation.read patient/Condition.read", false),
		V1_WRITE("patient/Patient.read patient/Observation.read patient/Condition.read patient/Observation.write "
				+ "patient/Condition.write", true),
		V1_ALL("patient/*.*", true),
		V2_RS("patient/Patient.rs patient/Observation.rs patient/Condition.rs", false),
		V2_CRUDS("patient/Patient.rs patient/Observation.cruds patient/Condition.cruds", true),
		QUERY_CATEGORY("patient/Patient.rs patient/Condition.rs patient/Observation.rs?category=" + LAB, false),
		QUERY_CODE("patient/Patient.rs patient/Condition.rs patient/Observation.rs?code=" + CODES + "|lab-1", false),
		USER("launch user/*.cruds", true),
		SYSTEM("system/*.rs", false);

		final String scopes;
		final boolean writes;

		Form(String scopes, boolean writes) {
			this.scopes = scopes;
			this.writes = writes;
		}

		boolean restricted() {
			return this == QUERY_CATEGORY || this == QUERY_CODE;
		}
	}

	/** One generated case: a name and a request built from the test instance. */
	record Probe(String name, Function<ScopeMatrixIT, HttpRequest.Builder> request) {
		@Override
		public String toString() {
			return name;
		}
	}

	private static final List<String> executed = new ArrayList<>();

	/** One token per form (minted on first use; valid far longer than the run). */
	private final java.util.Map<Form, String> tokens = new java.util.EnumMap<>(Form.class);

	@BeforeAll
	void createPatientsAandB() {
		for (String p : List.of(A, B)) {
			Patient patient = new Patient();
			patient.setId(p);
			patient.addName().setFamily(family(p)).addGiven("Test");
			client().update().resource(patient).execute();
			put(observation(p + "-lab", p, LAB, "lab-1"));
			put(observation(p + "-survey", p, SURVEY, "survey-1"));
			// a second version of each observation, for history and vread
			put(observation(p + "-lab", p, LAB, "lab-1"));
			put(observation(p + "-survey", p, SURVEY, "survey-1"));
			Condition condition = new Condition();
			condition.setId(p + "-cond");
			condition.setSubject(new Reference("Patient/" + p));
			condition.getCode().setText("condition of " + secret(p));
			client().update().resource(condition).execute();
		}
	}

	@AfterAll
	void reportCount() {
		System.out.println("ScopeMatrixIT executed " + executed.size() + " generated cases");
	}

	static String family(String patient) {
		return "Family" + patient.toUpperCase(Locale.ROOT);
	}

	static String secret(String patient) {
		return "secret-of-" + patient;
	}

	private void put(Observation observation) {
		client().update().resource(observation).execute();
	}

	static Observation observation(String id, String patient, String category, String code) {
		Observation observation = new Observation();
		if (id != null) {
			observation.setId(id);
		}
		observation.setStatus(Observation.ObservationStatus.FINAL);
		String[] cat = category.split("\\|");
		observation.addCategory(new CodeableConcept(new Coding(cat[0], cat[1], null)));
		observation.setCode(new CodeableConcept(new Coding(CODES, code, null)));
		observation.setSubject(new Reference("Patient/" + patient));
		observation.addNote().setText("note of " + secret(patient));
		return observation;
	}

	// ---------------------------------------------------------------- generated cases

	/** Read-side interactions through which a patient-A token might reach patient B. */
	static Stream<Probe> readProbes() {
		return Stream.of(
				get("read Patient/B", "Patient/" + B),
				get("read Observation/B", "Observation/" + B + "-lab"),
				get("read Condition/B", "Condition/" + B + "-cond"),
				get("vread Observation/B", "Observation/" + B + "-lab/_history/1"),
				get("search Observation?patient=B", "Observation?patient=Patient/" + B),
				get("search Observation (all)", "Observation?_count=500"),
				get("search Observation?_id=B", "Observation?_id=" + B + "-lab"),
				get("search Condition?subject=B", "Condition?subject=Patient/" + B),
				get("search Patient?_id=B", "Patient?_id=" + B),
				get("search Patient?family=B", "Patient?family=" + family(B)),
				get("search _include", "Observation?_include=Observation:subject&_count=500"),
				get("search _revinclude on B", "Patient?_id=" + B + "&_revinclude=Observation:subject"),
				get("search _revinclude (all)", "Patient?_revinclude=Observation:subject&_count=500"),
				get("search _has", "Patient?_has:Observation:subject:code=" + CODES + "%7Clab-1&_count=500"),
				get("search chained", "Observation?subject.family=" + family(B)),
				get("search chained typed", "Observation?subject:Patient.family=" + family(B)),
				postSearch("search POST _search", "Observation/_search", "patient=Patient/" + B),
				get("history instance Observation/B", "Observation/" + B + "-lab/_history"),
				get("history type Observation", "Observation/_history?_count=500"),
				get("history system", "_history?_count=500"),
				get("$everything Patient/B", "Patient/" + B + "/$everything"),
				get("$everything Patient/A (must hold no B data)", "Patient/" + A + "/$everything"),
				bundle("batch GET entries", "batch", "Patient/" + B, "Observation?patient=Patient/" + B,
						"Observation/" + B + "-lab"),
				bundle("transaction GET entries", "transaction", "Observation/" + B + "-lab", "Condition?patient="
						+ B));
	}

	static Stream<Arguments> isolationCases() {
		return Stream.of(Form.values()).flatMap(form -> readProbes().map(probe -> Arguments.of(form, probe)));
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("isolationCases")
	void patientATokenNeverSeesPatientB(Form form, Probe probe) {
		HttpResponse<String> response = send(withToken(probe.request().apply(this), form));
		assertNoDataOf(B, response);
		assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500).isLessThan(500);
		executed.add(form + " " + probe);
	}

	/** The same forms see A's own data (so the isolation cases cannot pass by refusing everything). */
	static Stream<Arguments> ownDataCases() {
		return Stream.of(Form.values()).flatMap(form -> Stream.of(
				Arguments.of(form, "read Patient/A", "Patient/" + A, true),
				Arguments.of(form, "read Observation/A lab", "Observation/" + A + "-lab", true),
				Arguments.of(form, "read Observation/A survey", "Observation/" + A + "-survey", !form.restricted()),
				Arguments.of(form, "search Observation", "Observation?_count=500", true),
				Arguments.of(form, "read Condition/A", "Condition/" + A + "-cond", true)));
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("ownDataCases")
	void patientATokenSeesItsOwnPermittedData(Form form, String name, String path, boolean visible) {
		HttpResponse<String> response = send(withToken(anonymousRequest(path), form));
		if (visible) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains(path.startsWith("Patient/") ? family(A) : secret(A));
		} else {
			// outside the token's reach: answered like a missing resource
			assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
			assertThat(response.body()).doesNotContain(secret(A));
		}
		if (path.startsWith("Observation?")) {
			Bundle bundle = parse(response.body(), Bundle.class);
			List<String> ids = bundle.getEntry().stream()
					.map(e -> e.getResource().getIdElement().getIdPart())
					.toList();
			assertThat(ids).contains(A + "-lab");
			if (form.restricted()) {
				assertThat(ids).as("a query-restricted scope returns only matching observations")
						.doesNotContain(A + "-survey");
			} else {
				assertThat(ids).contains(A + "-survey");
			}
		}
		executed.add(form + " own " + name);
	}

	/** Write interactions a read-only token tries on A's own data. */
	static Stream<Probe> writeProbes(String patient) {
		String obs = "Observation/" + patient + "-lab";
		return Stream.of(
				new Probe("create Observation", t -> t.anonymousRequest("Observation")
						.header("Content-Type", "application/fhir+json")
						.POST(body(t, observation(null, patient, LAB, "lab-1")))),
				new Probe("update Observation", t -> t.anonymousRequest(obs)
						.header("Content-Type", "application/fhir+json")
						.PUT(body(t, observation(patient + "-lab", patient, LAB, "lab-1")))),
				new Probe("update Observation/B moving it to A", t -> t.anonymousRequest("Observation/" + B + "-lab")
						.header("Content-Type", "application/fhir+json")
						.PUT(body(t, observation(B + "-lab", A, LAB, "lab-1")))),
				new Probe("patch Observation", t -> t.anonymousRequest(obs)
						.header("Content-Type", "application/json-patch+json")
						.method("PATCH", HttpRequest.BodyPublishers.ofString(
								"[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]"))),
				new Probe("delete Observation", t -> t.anonymousRequest(obs).DELETE()),
				new Probe("delete Condition", t -> t.anonymousRequest("Condition/" + patient + "-cond").DELETE()),
				new Probe("conditional delete", t -> t.anonymousRequest("Observation?subject=Patient/" + patient)
						.DELETE()),
				new Probe("transaction create entry", t -> bundleWrite(t, "transaction", Bundle.HTTPVerb.POST,
						"Observation", observation(null, patient, LAB, "lab-1"))),
				new Probe("transaction update entry", t -> bundleWrite(t, "transaction", Bundle.HTTPVerb.PUT, obs,
						observation(patient + "-lab", patient, LAB, "lab-1"))),
				new Probe("batch delete entry", t -> bundleWrite(t, "batch", Bundle.HTTPVerb.DELETE, obs, null)));
	}

	static Stream<Arguments> readOnlyCases() {
		return Stream.of(Form.values())
				.filter(form -> !form.writes)
				.flatMap(form -> writeProbes(A).map(probe -> Arguments.of(form, probe)));
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("readOnlyCases")
	void readOnlyTokenNeverWrites(Form form, Probe probe) {
		String before = versions();
		HttpResponse<String> response = send(withToken(probe.request().apply(this), form));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("OperationOutcome");
		assertThat(versions()).as("nothing was written").isEqualTo(before);
		executed.add(form + " read-only " + probe);
	}

	static Stream<Arguments> writeIsolationCases() {
		return Stream.of(Form.values())
				.filter(form -> form.writes)
				.flatMap(form -> writeProbes(B)
						.filter(probe -> !probe.name().startsWith("update Observation/B moving"))
						.map(probe -> Arguments.of(form, probe)));
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("writeIsolationCases")
	void patientAWriteTokenNeverWritesPatientB(Form form, Probe probe) {
		String before = versions();
		HttpResponse<String> response = send(withToken(probe.request().apply(this), form));
		if (probe.name().equals("conditional delete")) {
			// narrowed to A's compartment: nothing of B's is deleted (the search matches nothing)
			assertThat(response.statusCode()).as(response.body()).isIn(200, 204, 403, 404, 412);
		} else if (probe.name().startsWith("batch")) {
			assertThat(response.statusCode()).as(response.body()).isIn(200, 403);
			if (response.statusCode() == 200) {
				assertThat(response.body()).contains("403");
			}
		} else {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		}
		assertThat(versions()).as("B's data unchanged").isEqualTo(before);
		executed.add(form + " write-isolation " + probe);
	}

	static Stream<Arguments> writeMovingCases() {
		return Stream.of(Form.values()).filter(form -> form.writes).map(Arguments::of);
	}

	@ParameterizedTest(name = "[{index}] {0}: update B's observation to point at A")
	@MethodSource("writeMovingCases")
	void patientAWriteTokenCannotTakeOverBsResource(Form form) {
		String before = versions();
		HttpResponse<String> response = send(withToken(writeProbes(A)
				.filter(p -> p.name().startsWith("update Observation/B moving"))
				.findFirst()
				.orElseThrow()
				.request()
				.apply(this), form));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(versions()).isEqualTo(before);
		executed.add(form + " take-over");
	}

	static Stream<Arguments> ownWriteCases() {
		return Stream.of(Form.values()).filter(form -> form.writes).map(Arguments::of);
	}

	@ParameterizedTest(name = "[{index}] {0}: creates an observation for A")
	@MethodSource("ownWriteCases")
	void writeTokenWritesOwnPatient(Form form) {
		HttpResponse<String> response = send(withToken(anonymousRequest("Observation")
				.header("Content-Type", "application/fhir+json")
				.POST(body(this, observation(null, A, LAB, "lab-1"))), form));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		executed.add(form + " own write");
	}

	// ---------------------------------------------------------------- helpers

	static Probe get(String name, String path) {
		return new Probe(name, t -> t.anonymousRequest(path).GET());
	}

	static Probe postSearch(String name, String path, String form) {
		return new Probe(name, t -> t.anonymousRequest(path)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	static Probe bundle(String name, String type, String... getUrls) {
		return new Probe(name, t -> {
			Bundle bundle = new Bundle().setType(Bundle.BundleType.fromCode(type));
			for (String url : getUrls) {
				bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(url);
			}
			return t.anonymousRequest(t.baseUrl())
					.header("Content-Type", "application/fhir+json")
					.POST(body(t, bundle));
		});
	}

	static HttpRequest.Builder bundleWrite(
			ScopeMatrixIT t, String type, Bundle.HTTPVerb verb, String url, Resource resource) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.fromCode(type));
		Bundle.BundleEntryComponent entry = bundle.addEntry();
		entry.getRequest().setMethod(verb).setUrl(url);
		if (resource != null) {
			entry.setResource(resource);
			if (verb == Bundle.HTTPVerb.POST) {
				entry.setFullUrl("urn:uuid:" + java.util.UUID.randomUUID());
			}
		}
		return t.anonymousRequest(t.baseUrl())
				.header("Content-Type", "application/fhir+json")
				.POST(body(t, bundle));
	}

	static HttpRequest.BodyPublisher body(ScopeMatrixIT t, IBaseResource resource) {
		return HttpRequest.BodyPublishers.ofString(t.fhirContext.newJsonParser().encodeResourceToString(resource));
	}

	HttpRequest.Builder withToken(HttpRequest.Builder builder, Form form) {
		return builder.header("Authorization", "Bearer " + tokens.computeIfAbsent(form, f -> tokenFor(f.scopes, A)))
				.header("Accept", "application/fhir+json");
	}

	<T extends IBaseResource> T parse(String body, Class<T> type) {
		return fhirContext.newJsonParser().parseResource(type, body);
	}

	/** Version ids and counts of A's and B's data, read with full access: any write changes it. */
	String versions() {
		Bundle bundle = client().search()
				.forResource(Observation.class)
				.where(Observation.SUBJECT.hasAnyOfIds("Patient/" + A, "Patient/" + B))
				.count(500)
				// no-cache: HAPI may answer an identical search from results up to a minute old, which
				// made "before" miss resources that earlier cases had written and "after" see them
				.cacheControl(new CacheControlDirective().setNoCache(true))
				.returnBundle(Bundle.class)
				.execute();
		StringBuilder text = new StringBuilder();
		bundle.getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart() + "@" + e.getResource().getMeta().getVersionId())
				.sorted()
				.forEach(s -> text.append(s).append(' '));
		for (String p : List.of(A, B)) {
			text.append(client().read().resource(Condition.class).withId(p + "-cond").execute().getMeta().getVersionId());
		}
		return text.toString();
	}

	/** Fails if the response holds any of B's resources or data. */
	void assertNoDataOf(String patient, HttpResponse<String> response) {
		String body = response.body();
		// (B's family name may appear in a search's self link, so names are checked on parsed resources)
		assertThat(body).as("body must not contain %s's data", patient).doesNotContain(secret(patient));
		if (response.statusCode() == 200 && body.startsWith("{")) {
			IBaseResource resource = fhirContext.newJsonParser().parseResource(body);
			List<String> ids = new ArrayList<>();
			collectIds(resource, ids);
			assertThat(ids).as("resource ids in the response").noneMatch(id -> id.startsWith(patient));
			assertThat(fhirContext.newJsonParser().encodeResourceToString(withoutLinks(resource)))
					.doesNotContain(family(patient));
		}
	}

	private static IBaseResource withoutLinks(IBaseResource resource) {
		if (resource instanceof Bundle bundle) {
			Bundle copy = bundle.copy();
			copy.getLink().clear();
			return copy;
		}
		return resource;
	}

	private static void collectIds(IBaseResource resource, List<String> ids) {
		if (resource == null) {
			return;
		}
		if (resource.getIdElement() != null && resource.getIdElement().getIdPart() != null) {
			ids.add(resource.getIdElement().getIdPart());
		}
		if (resource instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				collectIds(entry.getResource(), ids);
				if (entry.getResponse().getLocation() != null) {
					ids.add(entry.getResponse().getLocation().replaceFirst("^.*?/", ""));
				}
			}
		}
	}
}

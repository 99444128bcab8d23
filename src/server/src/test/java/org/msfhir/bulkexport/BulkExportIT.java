package org.msfhir.bulkexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;

/** FHIR Bulk Data export over HTTP: kick-off levels, parameters, status codes, download and cancel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportIT extends BulkExportTestBase {

	private String alice;
	private String bob;
	private String carol;
	private String groupId;
	private Instant betweenWrites;

	@BeforeAll
	void createData() {
		alice = create(MsTestData.patient("Exportalice", "Alice", "1980-04-02", "Zurich"));
		bob = create(MsTestData.patient("Exportbob", "Bob", "1975-09-30", "Basel"));
		create(MsTestData.edss(alice, 3.5, "2024-01-10"));
		create(MsTestData.edss(alice, 4.0, "2025-01-10"));
		create(MsTestData.edss(bob, 6.5, "2025-02-01"));
		create(MsTestData.diagnosis(bob, MsTestData.SPMS, "Secondary progressive multiple sclerosis", "2015-05-01"));
		sleep(50);
		betweenWrites = Instant.now();
		sleep(50);
		carol = create(MsTestData.patient("Exportcarol", "Carol", "1990-12-24", "Bern"));
		create(MsTestData.edss(carol, 2.0, "2025-03-01"));
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + alice));
		group.addMember().setEntity(new Reference("Patient/" + carol));
		groupId = create(group);
	}

	private String create(IBaseResource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	@Test
	void systemExportReturnsManifestAndNdjsonFiles() {
		HttpResponse<String> kickOff = kickOff("$export?_type=Patient,Observation");
		String status = statusUrl(kickOff);
		assertThat(kickOff.body()).contains("OperationOutcome");

		JsonNode manifest = awaitManifest(status);
		assertThat(manifest.get("transactionTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(manifest.get("request").asText()).isEqualTo(baseUrl() + "/$export?_type=Patient,Observation");
		assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
		assertThat(manifest.get("error")).isEmpty();
		assertThat(manifest.get("output")).hasSize(2);
		for (JsonNode output : manifest.get("output")) {
			assertThat(output.get("url").asText()).startsWith(baseUrl() + "/");
		}

		Map<String, List<IBaseResource>> files = downloadAll(manifest);
		assertThat(files.keySet()).containsExactly("Patient", "Observation");
		assertThat(ids(files.get("Patient"))).contains(alice, bob, carol);
		assertThat(files.get("Observation")).hasSizeGreaterThanOrEqualTo(4)
				.allSatisfy(r -> assertThat(r).isInstanceOf(Observation.class));
	}

	@Test
	void typeAcceptsRepeatedParameterAndOutputFormatAliases() {
		for (String format : List.of("application/fhir+ndjson", "application/ndjson", "ndjson")) {
			String status = statusUrl(kickOff("$export?_type=Patient&_type=Group&_outputFormat="
					+ URLEncoder.encode(format, StandardCharsets.UTF_8)));
			JsonNode manifest = awaitManifest(status);
			assertThat(manifest.get("output").findValuesAsText("type")).containsExactlyInAnyOrder("Patient", "Group");
		}
	}

	@Test
	void groupExportContainsOnlyTheMembersCompartments() {
		JsonNode manifest = awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export")));
		Map<String, List<IBaseResource>> files = downloadAll(manifest);
		assertThat(ids(files.get("Patient"))).containsExactlyInAnyOrder(alice, carol);
		assertThat(files.get("Observation")).hasSize(3).allSatisfy(r -> assertThat(
						((Observation) r).getSubject().getReference())
				.isIn("Patient/" + alice, "Patient/" + carol));
		assertThat(files).doesNotContainKey("Condition"); // bob's diagnosis
	}

	@Test
	void patientExportWithPatientParameterLimitsToThosePatients() {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/" + bob));
		parameters.addParameter().setName("_type").setValue(new StringType("Patient,Observation,Condition"));
		JsonNode manifest = awaitManifest(statusUrl(kickOffPost("Patient/$export", parameters)));
		Map<String, List<IBaseResource>> files = downloadAll(manifest);
		assertThat(ids(files.get("Patient"))).containsExactly(bob);
		assertThat(files.get("Observation")).hasSize(1);
		assertThat(files.get("Condition")).hasSize(1);
	}

	@Test
	void patientExportWithoutPatientParameterExportsAllCompartments() {
		JsonNode manifest = awaitManifest(statusUrl(kickOff("Patient/$export?_type=Patient")));
		assertThat(ids(downloadAll(manifest).get("Patient"))).contains(alice, bob, carol);
	}

	@Test
	void sinceLimitsToResourcesChangedAfterIt() {
		JsonNode manifest = awaitManifest(statusUrl(kickOff("Group/" + groupId + "/$export?_since="
				+ URLEncoder.encode(betweenWrites.toString(), StandardCharsets.UTF_8))));
		Map<String, List<IBaseResource>> files = downloadAll(manifest);
		assertThat(ids(files.get("Patient"))).containsExactly(carol);
		assertThat(files.get("Observation")).hasSize(1);
	}

	@Test
	void typeFilterSelectsMatchingResources() {
		String filter = URLEncoder.encode("Observation?value-quantity=gt5", StandardCharsets.UTF_8);
		JsonNode manifest = awaitManifest(statusUrl(kickOff(
				"Patient/$export?_type=Observation&_typeFilter=" + filter)));
		List<IBaseResource> observations = downloadAll(manifest).get("Observation");
		assertThat(observations).isNotEmpty().allSatisfy(o -> assertThat(
				((Observation) o).getValueQuantity().getValue().doubleValue()).isGreaterThan(5));
	}

	@Test
	void elementsSubsetsResourcesAndTagsThem() {
		JsonNode manifest = awaitManifest(statusUrl(kickOff(
				"Group/" + groupId + "/$export?_type=Patient,Observation&_elements=gender,status")));
		Map<String, List<IBaseResource>> files = downloadAll(manifest);
		assertThat(files.get("Patient")).hasSize(2).allSatisfy(r -> {
			Patient p = (Patient) r;
			assertThat(p.hasGender()).isTrue();
			assertThat(p.hasName()).isFalse();
			assertThat(p.hasAddress()).isFalse();
			assertThat(p.getMeta().getTag()).filteredOn(t -> t.getCode().equals("SUBSETTED")).hasSize(1);
		});
		// every row stays tied to its patient
		assertThat(files.get("Observation")).isNotEmpty().allSatisfy(r -> {
			Observation o = (Observation) r;
			assertThat(o.getSubject().getReference()).isIn("Patient/" + alice, "Patient/" + carol);
			assertThat(o.hasValue()).isFalse();
			assertThat(o.getMeta().getTag()).filteredOn(t -> t.getCode().equals("SUBSETTED")).hasSize(1);
		});
	}

	@Test
	void badRequestsGet400WithOperationOutcome() {
		assertBadRequest(kickOff("$export?_outputFormat=text/csv"), "_outputFormat");
		assertBadRequest(kickOff("$export?_type=NoSuchType"), "_type");
		assertBadRequest(kickOff("$export?_since=yesterday"), "_since");
		assertBadRequest(kickOff("$export?_typeFilter=" + URLEncoder.encode("Observation?nosuchparam=1", StandardCharsets.UTF_8)), "_typeFilter");
		assertBadRequest(kickOff("$export?_elements=" + URLEncoder.encode("name.family!", StandardCharsets.UTF_8)), "_elements");
		assertBadRequest(kickOff("$export?includeAssociatedData=LatestProvenanceResources"), "includeAssociatedData");
		// Practitioner, Organization and Medication come along as referenced; other shared types are refused
		assertBadRequest(kickOff("Patient/$export?_type=ValueSet"), "_type");
		assertBadRequest(kickOff("$export?deidentify=maybe"), "deidentify");
		assertBadRequest(send(request("$export?_type=Patient").GET()), "respond-async");
	}

	@Test
	void lenientHandlingIgnoresUnsupportedParameters() {
		HttpResponse<String> response = send(request("$export?_type=Group&includeAssociatedData=x")
				.header("Prefer", "respond-async, handling=lenient").GET());
		JsonNode manifest = awaitManifest(statusUrl(response));
		assertThat(manifest.get("output").findValuesAsText("type")).containsExactly("Group");
	}

	@Test
	void unknownGroupIs404() {
		assertThat(kickOff("Group/does-not-exist/$export").statusCode()).isEqualTo(404);
	}

	@Test
	void runningJobAnswers202WithProgressAndThrottlesFastPolling() {
		// One worker thread: the first export (every type) keeps it busy, so the second one waits.
		String first = statusUrl(kickOff("$export"));
		String second = statusUrl(kickOff("$export?_type=Patient"));
		HttpResponse<String> poll = send(request(second).GET());
		assertThat(poll.statusCode()).isEqualTo(202);
		assertThat(poll.headers().firstValue("X-Progress")).isPresent();
		// retry-after is 1s in the tests, but the poll throttle of 2s wins
		assertThat(poll.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(poll.headers().firstValue("X-Progress").orElseThrow()).matches("\\d{1,3}% - .+");
		HttpResponse<String> tooSoon = send(request(second).GET());
		assertThat(tooSoon.statusCode()).isEqualTo(429);
		assertThat(tooSoon.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(tooSoon.body()).contains("throttled");
		awaitManifest(first);
		awaitManifest(second);
	}

	@Test
	void deleteCancelsAndThenStatusIs404() {
		String status = statusUrl(kickOff("$export"));
		HttpResponse<String> cancel = send(request(status).DELETE());
		assertThat(cancel.statusCode()).isEqualTo(202);
		assertThat(send(request(status).GET()).statusCode()).isEqualTo(404);
		assertThat(send(request(status).DELETE()).statusCode()).isEqualTo(404);
	}

	@Test
	void deleteOfFinishedJobRemovesItsFiles() {
		String status = statusUrl(kickOff("$export?_type=Patient"));
		JsonNode manifest = awaitManifest(status);
		String fileUrl = manifest.get("output").get(0).get("url").asText();
		assertThat(send(request(status).DELETE()).statusCode()).isEqualTo(202);
		assertThat(send(request(fileUrl).GET()).statusCode()).isEqualTo(404);
	}

	@Test
	void unknownJobAndUnknownFileAre404() {
		assertThat(send(request("$export-poll-status?_jobId=nope").GET()).statusCode()).isEqualTo(404);
		JsonNode manifest = awaitManifest(statusUrl(kickOff("$export?_type=Patient")));
		String url = manifest.get("output").get(0).get("url").asText();
		String other = url.replaceAll("_file=[^&]+", "_file=..%2Fsecret.ndjson");
		assertThat(send(request(other).GET()).statusCode()).isEqualTo(404);
	}

	@Test
	void capabilityStatementDeclaresBulkData() {
		CapabilityStatement cs = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(cs.getInstantiates()).anySatisfy(i -> assertThat(i.getValue())
				.isEqualTo("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"));
		assertThat(cs.getRestFirstRep().getOperation()).anySatisfy(o -> assertThat(o.getDefinition())
				.isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"));
		assertThat(cs.getRestFirstRep().getResource()).anySatisfy(r -> {
			assertThat(r.getType()).isEqualTo("Group");
			assertThat(r.getOperation()).anySatisfy(o -> assertThat(o.getDefinition())
					.isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"));
		});
	}

	private void assertBadRequest(HttpResponse<String> response, String mentioned) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").contains(mentioned);
	}
}

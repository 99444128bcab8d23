package org.msfhir.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msfhir.overrides.OverridesReport;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MS profile validation over HTTP: every valid example is stored; for every rule an invalid variant
 * is refused with 422, an OperationOutcome naming the rule and the element, and nothing stored; the
 * same for create, update, patch, transaction and batch; unclaimed MS resources are recognised by
 * their code; {@code $validate} answers with the same issues.
 */
class MsValidationIT extends PostgresIntegrationTest {

	@Autowired
	private OverridesReport overrides;

	private static final String FHIR_JSON = "application/fhir+json";

	@BeforeEach
	void storeReferencedResources() {
		// The examples refer to this patient, practitioner and diagnosis (referential integrity is on).
		for (String example : List.of("Patient-ms-example-patient.json", "Practitioner-ms-example-neurologist.json",
				"Condition-ms-diagnosis-example.json")) {
			HttpResponse<String> response = put(MsRuleCases.example(example));
			assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		}
	}

	static List<String> examples() {
		return MsRuleCases.profiledExamples();
	}

	static List<MsRuleCases.Case> cases() {
		return MsRuleCases.cases();
	}

	static List<MsRuleCases.WarningCase> warningCases() {
		return MsRuleCases.warningCases();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyValidExampleIsAccepted(String example) {
		HttpResponse<String> response = put(MsRuleCases.example(example));
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void everyRuleRefusesItsInvalidVariantAndStoresNothing(MsRuleCases.Case rule) {
		ObjectNode resource = rule.resource();
		String id = "invalid-" + UUID.randomUUID();
		resource.put("id", id);

		HttpResponse<String> response = put(resource);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertHasIssue(json(response.body()), "error", rule.message(), rule.location());
		String type = resource.get("resourceType").asText();
		assertThat(send(request(type + "/" + id).GET()).statusCode()).isEqualTo(404);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("warningCases")
	void warningsLetTheWritePassAndAreReturned(MsRuleCases.WarningCase rule) {
		ObjectNode resource = rule.resource();
		resource.put("id", "warning-" + UUID.randomUUID());

		HttpResponse<String> response = send(request(resource.get("resourceType").asText() + "/" + resource.get("id").asText())
				.header("Content-Type", FHIR_JSON)
				.header("Prefer", "return=OperationOutcome")
				.PUT(HttpRequest.BodyPublishers.ofString(resource.toString())));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.headers().allValues(ValidationWarningsInterceptor.HEADER))
				.anySatisfy(h -> assertThat(h).contains(rule.message()));
		assertHasIssue(json(response.body()), "warning", rule.message(), "");
	}

	@Test
	void createOfAnInvalidEdssIsRefused() {
		ObjectNode edss = MsRuleCases.example("Observation-ms-edss-example.json");
		edss.remove("id");
		edss.with("valueQuantity").put("value", 0.5);
		String marker = "create-" + UUID.randomUUID();
		edss.withArray("identifier").addObject().put("system", "urn:test").put("value", marker);

		HttpResponse<String> response = send(request("Observation").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(edss.toString())));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertHasIssue(json(response.body()), "error", "EDSS must be 0 or between 1.0 and 10.0 in steps of 0.5",
				"Observation.value");
		assertThat(total("Observation?identifier=urn:test%7C" + marker)).isZero();
	}

	@Test
	void anUnclaimedObservationCodedAsEdssIsValidatedAsEdss() {
		ObjectNode edss = MsRuleCases.example("Observation-ms-edss-example.json");
		edss.remove("meta");
		edss.put("id", "unclaimed-" + UUID.randomUUID());
		assertThat(put(edss).statusCode()).isEqualTo(201);

		edss.put("id", "unclaimed-" + UUID.randomUUID());
		edss.with("valueQuantity").put("value", 4.3);
		HttpResponse<String> refused = put(edss);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertHasIssue(json(refused.body()), "error", "EDSS must be 0 or between 1.0 and 10.0", "Observation.value");
	}

	@Test
	void anUnclaimedConditionWithAnMsDiagnosisCodeIsValidatedAsDiagnosis() {
		ObjectNode diagnosis = MsRuleCases.example("Condition-ms-diagnosis-spms-example.json");
		diagnosis.remove("meta");
		diagnosis.remove("verificationStatus");
		diagnosis.put("id", "unclaimed-" + UUID.randomUUID());
		HttpResponse<String> refused = put(diagnosis);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertHasIssue(json(refused.body()), "error", "Condition.verificationStatus: minimum required = 1", "Condition");
	}

	@Test
	void aResourceThatIsNotAboutMsIsNotValidatedAgainstMsProfiles() {
		ObjectNode weight = json("""
				{"resourceType":"Observation","status":"preliminary",
				 "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},
				 "valueQuantity":{"value":70,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}""");
		HttpResponse<String> response = send(request("Observation").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(weight.toString())));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	@Test
	void patchThatBreaksARuleIsRefusedAndTheStoredVersionStays() {
		ObjectNode edss = MsRuleCases.example("Observation-ms-edss-example.json");
		String id = "patch-" + UUID.randomUUID();
		edss.put("id", id);
		assertThat(put(edss).statusCode()).isEqualTo(201);

		String patch = "[{\"op\":\"replace\",\"path\":\"/valueQuantity/value\",\"value\":0.5}]";
		HttpResponse<String> refused = send(request("Observation/" + id)
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertHasIssue(json(refused.body()), "error", "EDSS must be 0 or between 1.0 and 10.0", "Observation.value");
		JsonNode stored = json(send(request("Observation/" + id).GET()).body());
		assertThat(stored.at("/valueQuantity/value").asDouble()).isEqualTo(3.5);
		assertThat(stored.at("/meta/versionId").asText()).isEqualTo("1");

		String goodPatch = "[{\"op\":\"replace\",\"path\":\"/valueQuantity/value\",\"value\":4.5}]";
		HttpResponse<String> accepted = send(request("Observation/" + id)
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(goodPatch)));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
	}

	@Test
	void transactionWithOneInvalidMsResourceWritesNothing() {
		String painId = "tx-" + UUID.randomUUID();
		String edssId = "tx-" + UUID.randomUUID();
		ObjectNode pain = MsRuleCases.example("Observation-ms-pain-score-example.json").put("id", painId);
		ObjectNode edss = MsRuleCases.example("Observation-ms-edss-example.json").put("id", edssId);
		edss.with("valueQuantity").put("value", 10.5);

		HttpResponse<String> response = postBundle("transaction", pain, edss);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("EDSS must be 0 or between 1.0 and 10.0");
		assertThat(send(request("Observation/" + painId).GET()).statusCode()).isEqualTo(404);
		assertThat(send(request("Observation/" + edssId).GET()).statusCode()).isEqualTo(404);

		edss.with("valueQuantity").put("value", 10.0);
		HttpResponse<String> accepted = postBundle("transaction", pain, edss);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat(send(request("Observation/" + painId).GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void batchRefusesOnlyTheInvalidEntry() {
		String painId = "batch-" + UUID.randomUUID();
		String mfisId = "batch-" + UUID.randomUUID();
		ObjectNode pain = MsRuleCases.example("Observation-ms-pain-score-example.json").put("id", painId);
		ObjectNode mfis = MsRuleCases.example("Observation-ms-mfis-example.json").put("id", mfisId).put("valueInteger", 85);

		HttpResponse<String> response = postBundle("batch", pain, mfis);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode entries = json(response.body()).get("entry");
		assertThat(entries.get(0).at("/response/status").asText()).startsWith("201");
		assertThat(entries.get(1).at("/response/status").asText()).startsWith("422");
		assertThat(entries.get(1).at("/response/outcome").toString()).contains("ms-mfis-range");
		assertThat(send(request("Observation/" + mfisId).GET()).statusCode()).isEqualTo(404);
	}

	@Test
	void typeLevelValidateAnswersWithTheSameIssues() {
		MsRuleCases.Case rule = MsRuleCases.cases().stream()
				.filter(c -> c.name().equals("Penn: severity given with frequency 0")).findFirst().orElseThrow();
		HttpResponse<String> response = send(request("Observation/$validate").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(rule.resource().toString())));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertHasIssue(json(response.body()), "error", rule.message(), rule.location());

		HttpResponse<String> valid = send(request("Observation/$validate").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(MsRuleCases.example("Observation-ms-penn-spasm-example.json").toString())));
		assertThat(json(valid.body()).get("issue").toString()).doesNotContain("\"error\"");
	}

	@Test
	void validateWithProfileParameterChecksAnUnclaimedResourceAgainstThatProfile() {
		assumeTrue(overrides.validateOperation(), "$validate answered by the MS validator (msfhir.validation.validate-operation); HAPI's lacks the MS rules");
		ObjectNode sdmt = MsRuleCases.example("Observation-ms-sdmt-example.json");
		sdmt.remove("meta");
		sdmt.put("valueInteger", 111);
		ObjectNode parameters = JsonEdit.MAPPER.createObjectNode().put("resourceType", "Parameters");
		ArrayNode parameter = parameters.putArray("parameter");
		parameter.addObject().put("name", "resource").set("resource", sdmt);
		parameter.addObject().put("name", "profile").put("valueUri", MsProfiles.SDMT);

		HttpResponse<String> response = send(request("Observation/$validate").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(parameters.toString())));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertHasIssue(json(response.body()), "error", "ms-sdmt-range", "Observation.value");
	}

	@Test
	void instanceLevelValidateChecksTheGivenVersionOfAStoredResource() {
		assumeTrue(overrides.validateOperation(), "$validate answered by the MS validator (msfhir.validation.validate-operation); HAPI's lacks the MS rules");
		ObjectNode mfis5 = MsRuleCases.example("Observation-ms-mfis5-example.json");
		String id = "validate-" + UUID.randomUUID();
		mfis5.put("id", id);
		assertThat(put(mfis5).statusCode()).isEqualTo(201);

		mfis5.put("valueInteger", 21);
		ObjectNode parameters = JsonEdit.MAPPER.createObjectNode().put("resourceType", "Parameters");
		parameters.putArray("parameter").addObject().put("name", "resource").set("resource", mfis5);
		HttpResponse<String> response = send(request("Observation/" + id + "/$validate")
				.header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(parameters.toString())));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertHasIssue(json(response.body()), "error", "MFIS-5 total must be a whole number from 0 to 20", "Observation.value");
	}

	@Test
	void capabilityStatementListsTheMsProfiles() {
		JsonNode metadata = json(send(request("metadata").header("Accept", FHIR_JSON).GET()).body());
		StringBuilder supported = new StringBuilder();
		metadata.at("/rest/0/resource").forEach(r -> supported.append(r.path("supportedProfile").toString()));
		for (String profile : MsProfiles.ALL) {
			assertThat(supported.toString()).contains(profile);
		}
	}

	private HttpResponse<String> put(ObjectNode resource) {
		String path = resource.get("resourceType").asText() + "/" + resource.get("id").asText();
		return send(request(path).header("Content-Type", FHIR_JSON)
				.PUT(HttpRequest.BodyPublishers.ofString(resource.toString())));
	}

	private HttpResponse<String> postBundle(String type, ObjectNode... resources) {
		ObjectNode bundle = JsonEdit.MAPPER.createObjectNode().put("resourceType", "Bundle").put("type", type);
		ArrayNode entries = bundle.putArray("entry");
		for (ObjectNode resource : resources) {
			String url = resource.get("resourceType").asText() + "/" + resource.get("id").asText();
			ObjectNode entry = entries.addObject();
			entry.put("fullUrl", baseUrl() + "/" + url);
			entry.set("resource", resource);
			entry.putObject("request").put("method", "PUT").put("url", url);
		}
		return send(request("").header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(bundle.toString())));
	}

	private int total(String search) {
		return json(send(request(search + "&_summary=count").GET()).body()).get("total").asInt();
	}

	private static ObjectNode json(String body) {
		try {
			return (ObjectNode) JsonEdit.MAPPER.readTree(body);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The OperationOutcome has an issue of that severity whose text names the rule and whose expression names the element. */
	private static void assertHasIssue(JsonNode outcome, String severity, String message, String location) {
		assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
		assertThat(outcome.get("issue")).as(outcome.toString()).anySatisfy(issue -> {
			assertThat(issue.get("severity").asText()).isEqualTo(severity);
			assertThat(issue.get("diagnostics").asText()).contains(message);
			if (!location.isEmpty()) {
				assertThat(issue.get("expression")).as("expression").isNotNull();
				assertThat(issue.get("expression").get(0).asText()).contains(location);
			}
		});
	}
}

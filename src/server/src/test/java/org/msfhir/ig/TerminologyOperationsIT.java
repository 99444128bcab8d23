package org.msfhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * The terminology operations answer offline for the guide's local code system, its fragments of
 * SNOMED CT, LOINC, RxNorm, ATC and ICD-10, its value sets and concept maps: good and bad cases.
 */
class TerminologyOperationsIT extends PostgresIntegrationTest {

	static final String BASE = "http://msfhir.org/fhir";
	static final String MS = BASE + "/CodeSystem/ms-concepts";
	static final String SCT = "http://snomed.info/sct";
	static final String LOINC = "http://loinc.org";
	static final String ATC = "http://www.whocc.no/atc";
	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";


	@Test
	void expandsALocalValueSet() {
		ValueSet expanded = expand("ValueSet/ms-lublin-activity/$expand");
		assertThat(codes(expanded)).containsExactlyInAnyOrder(
				MS + "|active", MS + "|not-active", MS + "|activity-indeterminate");
		assertThat(expanded.getExpansion().getContains())
				.filteredOn(c -> c.getCode().equals("not-active"))
				.extracting(ValueSet.ValueSetExpansionContainsComponent::getDisplay)
				.containsExactly("Not active");
	}

	@Test
	void msMedicinesIsTheUnionOfDmtAndSymptomaticWithCurrentOldAndRxNormCodes() {
		Set<String> medicines = codes(expand("ValueSet/$expand?url=" + enc(BASE + "/ValueSet/ms-medicines")));
		Set<String> dmt = codes(expand("ValueSet/ms-dmt/$expand"));
		Set<String> symptomatic = codes(expand("ValueSet/ms-symptomatic-medicines/$expand"));

		assertThat(dmt).contains(ATC + "|L04AG03", ATC + "|L04AA23", RXNORM + "|354770")
				.doesNotContain(ATC + "|M03BX01");
		assertThat(symptomatic).contains(ATC + "|M03BX01", ATC + "|N02BF01", ATC + "|N03AX12", RXNORM + "|72625")
				.doesNotContain(ATC + "|L04AG03");
		assertThat(medicines).containsExactlyInAnyOrderElementsOf(
				java.util.stream.Stream.concat(dmt.stream(), symptomatic.stream()).toList());
	}

	@Test
	void filterNarrowsTheExpansionByDisplay() {
		ValueSet expanded = expand("ValueSet/ms-medicines/$expand?filter=fumarate");
		assertThat(codes(expanded)).containsExactlyInAnyOrder(
				ATC + "|L04AX07", ATC + "|N07XX09", ATC + "|L04AX09", RXNORM + "|1373478");
	}

	@Test
	void countPagesTheExpansionAndTotalCountsAll() {
		int all = expand("ValueSet/ms-medicines/$expand").getExpansion().getContains().size();
		ValueSet page = expand("ValueSet/ms-medicines/$expand?count=5");
		assertThat(page.getExpansion().getContains()).hasSize(5);
		assertThat(page.getExpansion().getTotal()).isEqualTo(all).isGreaterThan(5);
	}

	@Test
	void expandsASnomedValueSetWithDisplaysFromTheFragment() {
		ValueSet expanded = expand("ValueSet/ms-diagnoses/$expand");
		assertThat(codes(expanded)).containsExactlyInAnyOrder(
				SCT + "|24700007", SCT + "|426373005", SCT + "|425500002", SCT + "|428700003",
				SCT + "|445967004", SCT + "|16415361000119105");
	}

	@Test
	void unknownValueSetIsNotFound() {
		HttpResponse<String> response = get("ValueSet/ms-no-such-value-set/$expand");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(outcome(response)).contains("ms-no-such-value-set");
	}


	@Test
	void diagnosisCodeIsInMsDiagnoses() {
		Parameters result = ok(vsValidate("ms-diagnoses", SCT, "426373005"));
		assertThat(bool(result, "result")).isTrue();
		assertThat(string(result, "display")).isEqualTo("Relapsing remitting multiple sclerosis");
	}

	@Test
	void icd10G35IsNotInMsDiagnoses() {
		assertThat(bool(ok(vsValidate("ms-diagnoses", ICD10, "G35")), "result")).isFalse();
	}

	@Test
	void invalidSctidIsRejected() {
		// 445967005 is often quoted for CIS but fails the SNOMED CT check digit.
		assertThat(bool(ok(vsValidate("ms-diagnoses", SCT, "445967005")), "result")).isFalse();
	}

	@Test
	void oldAtcCodeIsAcceptedAsAliasInMsDmt() {
		assertThat(bool(ok(vsValidate("ms-dmt", ATC, "L04AA23")), "result")).isTrue();
		assertThat(bool(ok(vsValidate("ms-dmt", ATC, "L04AG03")), "result")).isTrue();
		assertThat(bool(ok(vsValidate("ms-medicines", ATC, "N07XX09")), "result")).isTrue();
	}

	@Test
	void symptomaticDrugIsNotADmt() {
		assertThat(bool(ok(vsValidate("ms-dmt", ATC, "M03BX01")), "result")).isFalse();
		assertThat(bool(ok(vsValidate("ms-symptomatic-medicines", ATC, "M03BX01")), "result")).isTrue();
	}

	@Test
	void localCodeInLocalValueSet() {
		assertThat(bool(ok(vsValidate("ms-pain-types", MS, "pain-neuropathic")), "result")).isTrue();
		assertThat(bool(ok(vsValidate("ms-pain-types", MS, "edss")), "result")).isFalse();
	}

	@Test
	void codeSystemValidateCodeForLocalSystem() {
		Parameters good = ok(get("CodeSystem/$validate-code?url=" + enc(MS) + "&code=edss"));
		assertThat(bool(good, "result")).isTrue();
		assertThat(string(good, "display")).isEqualTo("EDSS total score");
		assertThat(bool(ok(get("CodeSystem/$validate-code?url=" + enc(MS) + "&code=edss-total")), "result"))
				.isFalse();
	}

	@Test
	void codeSystemValidateCodeForFragments() {
		assertThat(bool(ok(get("CodeSystem/$validate-code?url=" + enc(SCT) + "&code=192929006")), "result"))
				.isTrue();
		assertThat(bool(ok(get("CodeSystem/$validate-code?url=" + enc(ATC) + "&code=L04AE01")), "result"))
				.isTrue();
		Parameters unknown = ok(get("CodeSystem/$validate-code?url=" + enc(SCT) + "&code=99999999"));
		assertThat(bool(unknown, "result")).isFalse();
		assertThat(string(unknown, "message")).contains("fragment");
	}

	private HttpResponse<String> vsValidate(String valueSetId, String system, String code) {
		return get("ValueSet/$validate-code?url=" + enc(BASE + "/ValueSet/" + valueSetId)
				+ "&system=" + enc(system) + "&code=" + enc(code));
	}


	@Test
	void looksUpLocalAndFragmentCodes() {
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put(MS + "|lublin-activity", "Disease activity (Lublin 2014)");
		expected.put(SCT + "|192929006", "Exacerbation of multiple sclerosis");
		expected.put(LOINC + "|72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported");
		expected.put(ATC + "|L04AA23", "natalizumab");
		expected.put(RXNORM + "|354770", "natalizumab");
		expected.put(ICD10 + "|G35", "Multiple sclerosis");
		expected.forEach((coding, display) -> {
			String[] parts = coding.split("\\|");
			Parameters result = ok(get("CodeSystem/$lookup?system=" + enc(parts[0]) + "&code=" + enc(parts[1])));
			assertThat(string(result, "display")).as(coding).isEqualTo(display);
		});
	}

	@Test
	void unknownCodeIsNotFound() {
		HttpResponse<String> response = get("CodeSystem/$lookup?system=" + enc(MS) + "&code=no-such-code");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(outcome(response)).contains("no-such-code");
	}

	@Test
	void missingCodeIsABadRequest() {
		HttpResponse<String> response = get("CodeSystem/$lookup?system=" + enc(MS));
		assertThat(response.statusCode()).isEqualTo(400);
	}


	@Test
	void oldAtcCodeTranslatesToTheCurrentOne() {
		Map<String, String> oldToNew = Map.of("L04AA23", "L04AG03", "N07XX09", "L04AX07", "N03AX16", "N02BF02");
		oldToNew.forEach((old, current) -> {
			Parameters result = ok(get("ConceptMap/$translate?url=" + enc(BASE + "/ConceptMap/atc-2024-renumbering")
					+ "&system=" + enc(ATC) + "&code=" + old));
			assertThat(bool(result, "result")).as(old).isTrue();
			assertThat(matchCodes(result)).as(old).containsExactly(ATC + "|" + current);
		});
	}

	@Test
	void currentAtcCodeHasNoRenumbering() {
		Parameters result = ok(get("ConceptMap/$translate?url=" + enc(BASE + "/ConceptMap/atc-2024-renumbering")
				+ "&system=" + enc(ATC) + "&code=L04AG03"));
		assertThat(bool(result, "result")).isFalse();
		assertThat(matchCodes(result)).isEmpty();
	}

	@Test
	void atcTranslatesToRxNormAndBack() {
		Parameters forward = ok(get("ConceptMap/$translate?url=" + enc(BASE + "/ConceptMap/atc-rxnorm")
				+ "&system=" + enc(ATC) + "&code=L04AX07"));
		assertThat(matchCodes(forward)).containsExactly(RXNORM + "|1373478");
		Parameters reverse = ok(get("ConceptMap/$translate?url=" + enc(BASE + "/ConceptMap/atc-rxnorm")
				+ "&system=" + enc(RXNORM) + "&code=1373478&reverse=true"));
		assertThat(matchCodes(reverse)).containsExactly(ATC + "|L04AX07");
	}

	@Test
	void translateWithoutCodeIsABadRequest() {
		HttpResponse<String> response = get("ConceptMap/$translate?url=" + enc(BASE + "/ConceptMap/atc-rxnorm"));
		assertThat(response.statusCode()).isEqualTo(400);
	}


	@Test
	void lublinActivitySubsumesActive() {
		assertThat(subsumes("lublin-activity", "active")).isEqualTo("subsumes");
		assertThat(subsumes("active", "lublin-activity")).isEqualTo("subsumed-by");
		assertThat(subsumes("lublin-progression", "without-progression")).isEqualTo("subsumes");
	}

	@Test
	void unrelatedAndEqualCodes() {
		assertThat(subsumes("lublin-activity", "with-progression")).isEqualTo("not-subsumed");
		assertThat(subsumes("active", "active")).isEqualTo("equivalent");
	}

	@Test
	void codingsInsteadOfCodes() {
		Parameters in = new Parameters();
		in.addParameter().setName("codingA").setValue(new org.hl7.fhir.r4.model.Coding(MS, "lublin-activity", null));
		in.addParameter().setName("codingB").setValue(new org.hl7.fhir.r4.model.Coding(MS, "not-active", null));
		HttpResponse<String> response = send(request("CodeSystem/$subsumes")
				.header("Content-Type", "application/fhir+json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(in))));
		assertThat(ok(response).getParameter("outcome").getValue().primitiveValue()).isEqualTo("subsumes");
	}

	@Test
	void unknownCodeIsABadRequestNamingTheCode() {
		HttpResponse<String> response = get("CodeSystem/$subsumes?system=" + enc(MS) + "&codeA=lublin-activity&codeB=relapsing");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response)).contains("codeB").contains("relapsing");
	}

	@Test
	void missingSystemIsABadRequest() {
		HttpResponse<String> response = get("CodeSystem/$subsumes?codeA=lublin-activity&codeB=active");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	private String subsumes(String a, String b) {
		Parameters result = ok(get("CodeSystem/$subsumes?system=" + enc(MS) + "&codeA=" + a + "&codeB=" + b));
		return result.getParameter("outcome").getValue().primitiveValue();
	}

	// --- helpers -------------------------------------------------------------------------------------

	HttpResponse<String> get(String path) {
		return send(request(path).header("Accept", "application/fhir+json").GET());
	}

	ValueSet expand(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(ValueSet.class, response.body());
	}

	Parameters ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	String outcome(HttpResponse<String> response) {
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		return outcome.getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.collect(Collectors.joining(" | "));
	}

	static Set<String> codes(ValueSet expanded) {
		return expanded.getExpansion().getContains().stream()
				.map(c -> c.getSystem() + "|" + c.getCode())
				.collect(Collectors.toSet());
	}

	static List<String> matchCodes(Parameters translation) {
		return translation.getParameter().stream()
				.filter(p -> p.getName().equals("match"))
				.flatMap(p -> p.getPart().stream())
				.filter(p -> p.getName().equals("concept"))
				.map(p -> (org.hl7.fhir.r4.model.Coding) p.getValue())
				.map(c -> c.getSystem() + "|" + c.getCode())
				.toList();
	}

	static boolean bool(Parameters parameters, String name) {
		return Boolean.parseBoolean(parameters.getParameter(name).getValue().primitiveValue());
	}

	static String string(Parameters parameters, String name) {
		return parameters.getParameter(name) == null ? null : parameters.getParameter(name).getValue().primitiveValue();
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}

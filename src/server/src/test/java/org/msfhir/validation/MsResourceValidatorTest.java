package org.msfhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msfhir.overrides.ReusableInstanceValidator;

/**
 * The MS validator on its own (no server): every example passes, every rule case fails with the
 * expected message and element, warnings pass. The same cases run over HTTP in {@code MsValidationIT}.
 */
class MsResourceValidatorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static MsResourceValidator validator;

	@BeforeAll
	static void buildValidator() {
		validator = MsRuleCases.validatorFromSources(FHIR);
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
	void everyExampleIsValid(String example) {
		IBaseResource resource = parse(MsRuleCases.example(example).toString());
		Set<String> profiles = validator.selector().profilesFor(resource);
		assertThat(profiles).as("the example claims an MS profile").isNotEmpty();
		assertThat(validator.validate(resource, profiles).getMessages()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void everyRuleRejectsItsInvalidVariant(MsRuleCases.Case rule) {
		IBaseResource resource = parse(rule.resource().toString());
		List<SingleValidationMessage> messages =
				validator.validate(resource, validator.selector().profilesFor(resource)).getMessages();
		assertThat(messages)
				.as("errors for %s: %s", rule.name(), messages)
				.anySatisfy(m -> {
					assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
					assertThat(m.getMessage()).contains(rule.message());
					assertThat(m.getLocationString()).contains(rule.location());
				});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("warningCases")
	void warningsDoNotReject(MsRuleCases.WarningCase rule) {
		IBaseResource resource = parse(rule.resource().toString());
		List<SingleValidationMessage> messages =
				validator.validate(resource, validator.selector().profilesFor(resource)).getMessages();
		assertThat(ValidationOutcomes.hasErrors(messages)).as("%s", messages).isFalse();
		assertThat(messages).anySatisfy(m -> {
			assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.WARNING);
			assertThat(m.getMessage()).contains(rule.message());
		});
	}

	@ParameterizedTest(name = "EDSS {0} is valid")
	@org.junit.jupiter.params.provider.ValueSource(doubles = {0, 1.0, 1.5, 4.5, 9.5, 10, 10.0})
	void everyValidEdssStepPasses(double total) {
		Observation edss = (Observation) parse(MsRuleCases.example("Observation-ms-edss-total-only-example.json").toString());
		edss.getValueQuantity().setValue(total);
		assertThat(validator.validate(edss, Set.of(MsProfiles.EDSS)).getMessages()).isEmpty();
	}

	@ParameterizedTest(name = "{0} {1} s is valid")
	@org.junit.jupiter.params.provider.CsvSource({
		"Observation-ms-t25fw-example.json, 180.0", "Observation-ms-t25fw-example.json, 180",
		"Observation-ms-t25fw-example.json, 0.1", "Observation-ms-9hpt-example.json, 300.0"})
	void timedTestBoundariesPass(String example, String seconds) {
		IBaseResource resource = parse(MsRuleCases.example(example).toString()
				.replace("\"value\":6.4", "\"value\":" + seconds).replace("\"value\":21.3", "\"value\":" + seconds));
		assertThat(validator.validate(resource, validator.selector().profilesFor(resource)).getMessages()).isEmpty();
	}

	@ParameterizedTest(name = "{0} = {1} is valid")
	@org.junit.jupiter.params.provider.CsvSource({
		"Observation-ms-penn-spasm-none-example.json, 4", "Observation-ms-pain-score-example.json, 0",
		"Observation-ms-pain-score-example.json, 10", "Observation-ms-mfis-example.json, 84",
		"Observation-ms-mfis-example.json, 0", "Observation-ms-mfis5-example.json, 20",
		"Observation-ms-sdmt-example.json, 110", "Observation-ms-sdmt-example.json, 0"})
	void scoreBoundariesPass(String example, int score) {
		ObjectNode node = MsRuleCases.example(example);
		node.put("valueInteger", score);
		IBaseResource resource = parse(node.toString());
		assertThat(validator.validate(resource, validator.selector().profilesFor(resource)).getMessages()).isEmpty();
	}

	@Test
	void enginesKeepNothingFromEarlierValidationsAndJudgeEachResourceAlone() {
		// A reused engine remembers every coding it has seen unless emptied after each validation (a
		// 1 GB server ran out of memory after ~7,000 validations). Emptied or retired, it must give
		// each resource its own verdict.
		Observation bad = (Observation) parse(MsRuleCases.example("Observation-ms-edss-example.json").toString());
		bad.getValueQuantity().setValue(0.5);
		IBaseResource good = parse(MsRuleCases.example("Observation-ms-edss-example.json").toString());
		for (int i = 0; i < ReusableInstanceValidator.USES_PER_ENGINE + 1; i++) {
			boolean invalid = i % 2 == 0;
			List<SingleValidationMessage> messages =
					validator.validate(invalid ? bad : good, Set.of(MsProfiles.EDSS)).getMessages();
			assertThat(ValidationOutcomes.hasErrors(messages)).as("validation %d: %s", i, messages).isEqualTo(invalid);
		}
		assertThat(validator.codingsHeldByIdleEngines())
				.as("codings kept by idle engines (-1: this validator version cannot be emptied, see CodingsObserverReset)")
				.isZero();
	}

	@Test
	void anObservationCodedAsEdssIsAnEdssObservationWithoutClaimingIt() {
		Observation edss = (Observation) parse(MsRuleCases.example("Observation-ms-edss-example.json").toString());
		edss.getMeta().getProfile().clear();
		assertThat(validator.selector().profilesFor(edss)).containsExactly(MsProfiles.EDSS);

		edss.getValueQuantity().setValue(0.5);
		assertThat(validator.validate(edss, Set.of(MsProfiles.EDSS)).getMessages())
				.anySatisfy(m -> assertThat(m.getMessage()).contains("EDSS must be 0 or between 1.0 and 10.0"));
	}

	@Test
	void definingCodesOfEveryProfileAreRecognised() {
		assertThat(selectorFor("Condition-ms-diagnosis-spms-example.json")).containsExactly(MsProfiles.DIAGNOSIS);
		assertThat(selectorFor("Condition-ms-relapse-example.json")).containsExactly(MsProfiles.RELAPSE);
		assertThat(selectorFor("Observation-ms-penn-spasm-example.json")).containsExactly(MsProfiles.PENN_SPASM);
		assertThat(selectorFor("Observation-ms-pain-score-example.json")).containsExactly(MsProfiles.PAIN_SCORE);
		assertThat(selectorFor("Observation-ms-mfis-example.json")).containsExactly(MsProfiles.MFIS);
		assertThat(selectorFor("Observation-ms-mfis5-example.json")).containsExactly(MsProfiles.MFIS5);
		assertThat(selectorFor("Observation-ms-t25fw-example.json")).containsExactly(MsProfiles.T25FW);
		assertThat(selectorFor("Observation-ms-9hpt-example.json")).containsExactly(MsProfiles.NINE_HPT);
		assertThat(selectorFor("Observation-ms-sdmt-example.json")).containsExactly(MsProfiles.SDMT);
		assertThat(selectorFor("MedicationStatement-ms-medication-statement-symptomatic-example.json"))
				.containsExactly(MsProfiles.MEDICATION_STATEMENT);
		// A care plan has no defining code: only a claimed profile makes it an MS care plan.
		assertThat(selectorFor("CarePlan-ms-care-plan-example.json")).isEmpty();
		// A resource that is not about MS is left alone.
		Observation weight = new Observation();
		weight.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
		assertThat(validator.selector().profilesFor(weight)).isEmpty();
	}

	@Test
	void warmValidationTimeIsReported() {
		List<IBaseResource> resources = MsRuleCases.profiledExamples().stream()
				.map(name -> parse(MsRuleCases.example(name).toString()))
				.toList();
		for (int round = 0; round < 5; round++) {
			resources.forEach(r -> validator.validate(r, validator.selector().profilesFor(r)));
		}
		int rounds = 50;
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpuStart = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			resources.forEach(r -> validator.validate(r, validator.selector().profilesFor(r)));
		}
		double perResource = (System.nanoTime() - start) / 1e6 / (rounds * resources.size());
		double cpuPerResource = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / (rounds * resources.size());
		// CPU time is reported next to wall time: on a shared, loaded machine wall time mostly measures the queue.
		System.out.printf("MS validation, warm: %.2f ms wall, %.2f ms CPU per resource (%d resources x %d rounds)%n",
				perResource, cpuPerResource, resources.size(), rounds);
		assertThat(perResource).isPositive();
	}

	private static Set<String> selectorFor(String example) {
		IBaseResource resource = parse(MsRuleCases.example(example).toString());
		((org.hl7.fhir.r4.model.Resource) resource).getMeta().getProfile().clear();
		return validator.selector().profilesFor(resource);
	}

	private static IBaseResource parse(String json) {
		return FHIR.newJsonParser().parseResource(json);
	}
}

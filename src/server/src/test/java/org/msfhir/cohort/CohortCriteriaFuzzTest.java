package org.msfhir.cohort;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Parameters;
import org.msfhir.fuzz.FuzzCorpus;
import org.msfhir.fuzz.Mutator;

/**
 * Fuzzing the {@code $ms-cohort} criteria parser with mutated Parameters bodies: every body HAPI can
 * parse is either accepted or refused with a 4xx exception, never another exception.
 */
class CohortCriteriaFuzzTest {

	static final String TARGET = "cohort-criteria";
	private static final String SNOMED = "http://snomed.info/sct";
	private static final String ATC = "http://www.whocc.no/atc";
	private static final List<String> SEEDS = List.of(
			parameters("{\"name\":\"diagnosis\",\"valueCoding\":{\"system\":\"" + SNOMED + "\",\"code\":\"24700007\"}}",
					"{\"name\":\"edss-min\",\"valueDecimal\":3.5}", "{\"name\":\"edss-max\",\"valueDecimal\":6}"),
			parameters("{\"name\":\"medication\",\"valueCoding\":{\"system\":\"" + ATC + "\",\"code\":\"L04AE\"}}",
					"{\"name\":\"medication-status\",\"valueCode\":\"active\"}",
					"{\"name\":\"evaluation-date\",\"valueDate\":\"2025-06-30\"}"),
			parameters("{\"name\":\"diagnosis-date-from\",\"valueDate\":\"2000-01-01\"}",
					"{\"name\":\"diagnosis-date-to\",\"valueDate\":\"2020-12-31\"}", "{\"name\":\"age-min\",\"valueInteger\":18}",
					"{\"name\":\"age-max\",\"valueInteger\":65}", "{\"name\":\"name\",\"valueString\":\"cohort\"}"),
			parameters("{\"name\":\"edss-at-date\",\"valueDate\":\"2024-01-01\"}", "{\"name\":\"edss-at-date-min\",\"valueDecimal\":2}",
					"{\"name\":\"edss-at-date-max\",\"valueDecimal\":4.5}",
					"{\"name\":\"medication-valueset\",\"valueUri\":\"http://example.org/vs\"}"),
			parameters("{\"name\":\"relapse-count-min\",\"valueInteger\":1}", "{\"name\":\"period-start\",\"valueDate\":\"2023-01-01\"}",
					"{\"name\":\"sex\",\"valueCode\":\"female\"}", "{\"name\":\"worsening\",\"valueCode\":\"pira\"}",
					"{\"name\":\"sdmt-max\",\"valueInteger\":40}",
					"{\"name\":\"exclude\",\"part\":[{\"name\":\"medication-valueset\",\"valueUri\":\"http://example.org/vs\"},"
							+ "{\"name\":\"medication-status\",\"valueCode\":\"ever\"}]}"),
			parameters("{\"name\":\"any-of\",\"part\":[{\"name\":\"neda3\",\"valueBoolean\":true},"
							+ "{\"name\":\"period-end\",\"valueDate\":\"2024-12-31\"}]}",
					"{\"name\":\"any-of\",\"part\":[{\"name\":\"lublin-activity\",\"valueCode\":\"active\"},"
							+ "{\"name\":\"disease-duration-min\",\"valueDecimal\":2.5},"
							+ "{\"name\":\"exclude\",\"part\":[{\"name\":\"age-min\",\"valueInteger\":3}]}]}",
					"{\"name\":\"exclude\",\"part\":[{\"name\":\"lines-of-therapy-min\",\"valueInteger\":2},"
							+ "{\"name\":\"edss-change-max\",\"valueDecimal\":-0.5}]}"));

	private static final CohortCriteriaParser PARSER = new CohortCriteriaParser(
			url -> url.equals("http://example.org/vs") ? Set.of(ATC + "|L04AE03") : null);
	private static final IParser JSON = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));

	@Property
	void anyParametersBodyIsAcceptedOrRefusedWith4xx(@ForAll("bodies") String body) {
		check(body);
	}

	@Example
	void regressionInputs() {
		FuzzCorpus.inputs(TARGET).forEach(input -> check(new String(input, StandardCharsets.UTF_8)));
	}

	static void check(String body) {
		Parameters parameters;
		try {
			parameters = JSON.parseResource(Parameters.class, body);
		} catch (DataFormatException e) {
			return; // refused by HAPI's parser with 400 before the criteria parser runs
		} catch (RuntimeException e) {
			// HAPI's parser fails with plain exceptions on some inputs (an empty property name): over HTTP
			// ParserFailureInterceptor answers those with 400 too (HttpFuzzIT holds that), so they are refusals
			return;
		}
		try {
			PARSER.evaluationDate(parameters);
			PARSER.parse(parameters);
		} catch (BaseServerResponseException e) {
			if (e.getStatusCode() >= 500) {
				throw new AssertionError("5xx for " + FuzzCorpus.keepFinding(TARGET, body.getBytes(StandardCharsets.UTF_8)), e);
			}
		} catch (RuntimeException e) {
			throw new AssertionError("criteria parser failed on " + FuzzCorpus.keepFinding(TARGET, body.getBytes(StandardCharsets.UTF_8)), e);
		}
	}

	@Provide
	Arbitrary<String> bodies() {
		return Arbitraries.longs().map(seed -> {
			Random random = new Random(seed);
			return Mutator.mutate(SEEDS.get(random.nextInt(SEEDS.size())), SEEDS, random, 4);
		});
	}

	private static String parameters(String... parameters) {
		return "{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", parameters) + "]}";
	}
}

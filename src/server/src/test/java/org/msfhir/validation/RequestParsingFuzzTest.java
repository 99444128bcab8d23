package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.msfhir.fuzz.FuzzCorpus;
import org.msfhir.fuzz.Mutator;
import org.msfhir.server.input.InputText;
import org.msfhir.server.input.RequestParserErrorHandler;
import org.msfhir.server.input.RequestParsing;
import org.msfhir.server.input.UnknownElements;

/**
 * Fuzzing the write path below HTTP: mutated MS example resources (JSON and XML) go through the
 * byte checks, the strict request parser and the MS validator as a request body would. The only
 * exception allowed is the parser's {@link DataFormatException} (a 400); the validator answers every
 * parsed resource with messages, never an exception.
 */
class RequestParsingFuzzTest {

	static final String TARGET = "request-parsing";
	private static final FhirContext FHIR = newContext();
	private static final List<String> SEEDS = new ArrayList<>();
	private static MsResourceValidator validator;

	private static FhirContext newContext() {
		FhirContext context = FhirContext.forR4();
		context.setParserErrorHandler(new RequestParserErrorHandler());
		return context;
	}

	@BeforeContainer
	static void seeds() throws Exception {
		ensureSetUp();
	}

	/** Once per JVM, for whichever engine (jqwik or Jupiter with Jazzer) runs first. */
	static synchronized void ensureSetUp() {
		if (validator != null) {
			return;
		}
		validator = MsRuleCases.validatorFromSources(FHIR);
		for (String name : MsRuleCases.profiledExamples()) {
			String json;
			try {
				json = Files.readString(MsRuleCases.GENERATED.resolve(name));
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			SEEDS.add(json);
			SEEDS.add(FHIR.newXmlParser().encodeResourceToString(FHIR.newJsonParser().parseResource(json)));
		}
	}

	@Property
	void anyBodyIsRefusedAsBadInputOrValidated(@ForAll("bodies") byte[] body) {
		check(body);
	}

	@Example
	void regressionInputs() {
		FuzzCorpus.inputs(TARGET).forEach(RequestParsingFuzzTest::check);
	}

	static void check(byte[] body) {
		boolean json = body.length > 0 && body[0] == '{';
		if (InputText.checkBody(body, json) != null) {
			return; // 400 from the byte checks
		}
		String text = new String(body, StandardCharsets.UTF_8);
		try (RequestParsing.Scope scope = RequestParsing.begin(UnknownElements.REJECT)) {
			IBaseResource resource;
			try {
				resource = json ? FHIR.newJsonParser().parseResource(text) : FHIR.newXmlParser().parseResource(text);
			} catch (DataFormatException e) {
				return; // 400 from the parser
			}
			Set<String> profiles = validator.selector().profilesFor(resource);
			if (!profiles.isEmpty()) {
				validator.validate(resource, profiles);
			}
		} catch (RuntimeException | StackOverflowError e) {
			throw new AssertionError("request parsing or validation failed on " + FuzzCorpus.keepFinding(TARGET, body), e);
		}
	}

	@Provide
	Arbitrary<byte[]> bodies() {
		return Arbitraries.longs().map(seed -> {
			Random random = new Random(seed);
			List<byte[]> seeds = SEEDS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
			return Mutator.mutate(seeds.get(random.nextInt(seeds.size())), seeds, random, 3);
		});
	}
}

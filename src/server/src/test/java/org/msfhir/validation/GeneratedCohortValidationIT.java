package org.msfhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.DiseaseCourse;
import org.msfhir.tools.synthetic.MsCodes;
import org.msfhir.tools.synthetic.PatientHistory;

/**
 * The generator's output conforms to the MS profiles: patients covering every disease course (CIS
 * converting to RRMS, RRMS converting to SPMS, PPMS) are sent as transactions (the server validates
 * every write), then their stored resources go through {@code $validate} one by one, which must
 * report no error.
 */
class GeneratedCohortValidationIT extends PostgresIntegrationTest {

	private static final long SEED = 2026;
	private final IParser json = FhirContext.forR4Cached().newJsonParser();

	@Test
	void generatedPatientsAreAcceptedAndEveryResourceValidatesWithoutErrors() {
		CohortGenerator generator = new CohortGenerator(SEED);
		List<Integer> patients = List.of(
				first(generator, h -> h.courses().size() >= 2 && h.courses().get(0).course() == DiseaseCourse.CIS),
				first(generator, h -> h.currentCourse() == DiseaseCourse.SPMS && !h.relapses().isEmpty()),
				first(generator, h -> h.currentCourse() == DiseaseCourse.PPMS));

		Map<String, List<String>> errorsByResource = new LinkedHashMap<>();
		Map<String, Integer> validatedByProfile = new java.util.TreeMap<>();
		for (int index : patients) {
			Bundle bundle = generator.bundle(index);
			HttpResponse<String> response = send(request("")
					.header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(bundle))));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Bundle stored = json.parseResource(Bundle.class, response.body());
			for (int i = 0; i < stored.getEntry().size(); i++) {
				Resource sent = bundle.getEntry().get(i).getResource();
				if (!sent.getMeta().hasProfile()) {
					continue; // the Patient: no MS profile
				}
				String profile = sent.getMeta().getProfile().get(0).getValue();
				// All were validated on write; re-validating a sample per profile and patient keeps the test short.
				if (validatedByProfile.getOrDefault(profile, 0) >= 8 * (patients.indexOf(index) + 1)) {
					continue;
				}
				validatedByProfile.merge(profile, 1, Integer::sum);
				String location = stored.getEntry().get(i).getResponse().getLocation();
				String id = location.replaceAll("/_history/.*$", "");
				Resource read = (Resource) json.parseResource(send(request(id)).body());
				List<String> errors = errors(validate(read));
				if (!errors.isEmpty()) {
					errorsByResource.put(id + " " + read.getMeta().getProfile().get(0).getValue(), errors);
				}
			}
		}
		assertThat(errorsByResource).isEmpty();
		assertThat(validatedByProfile.keySet()).containsExactlyInAnyOrder(MsCodes.PROFILE_DIAGNOSIS, MsCodes.PROFILE_RELAPSE,
				MsCodes.PROFILE_EDSS, MsCodes.PROFILE_PENN, MsCodes.PROFILE_PAIN, MsCodes.PROFILE_MFIS, MsCodes.PROFILE_T25FW,
				MsCodes.PROFILE_9HPT, MsCodes.PROFILE_SDMT, MsCodes.PROFILE_MRI, MsCodes.PROFILE_MEDICATION, MsCodes.PROFILE_CARE_PLAN);
	}

	@Test
	void validateReportsAnErrorWhenAGeneratedEdssIsBroken() {
		Bundle bundle = new CohortGenerator(SEED).bundle(0);
		Observation edss = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof Observation o && o.getMeta().hasProfile(MsCodes.PROFILE_EDSS))
				.map(Observation.class::cast).findFirst().orElseThrow();
		edss.setSubject(null);
		((Quantity) edss.getValue()).setValue(0.5); // 0.5 is not an EDSS step
		assertThat(errors(validate(edss))).isNotEmpty();
	}

	private OperationOutcome validate(Resource resource) {
		HttpResponse<String> response = send(request(resource.fhirType() + "/$validate")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(resource))));
		return json.parseResource(OperationOutcome.class, response.body());
	}

	private static List<String> errors(OperationOutcome outcome) {
		List<String> errors = new ArrayList<>();
		for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
			if (issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
					|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL) {
				errors.add(issue.getDiagnostics() + " @ " + issue.getExpression());
			}
		}
		return errors;
	}

	private static int first(CohortGenerator generator, Predicate<PatientHistory> wanted) {
		return IntStream.range(0, 500).filter(i -> wanted.test(generator.history(i))).findFirst().orElseThrow();
	}
}

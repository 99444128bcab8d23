package org.msfhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.DiseaseCourse;
import org.msfhir.tools.synthetic.FhirBundleBuilder;
import org.msfhir.tools.synthetic.PatientHistory;

/**
 * Every resource of a sample of generated patients passes the server's own MS validator (the one that
 * checks every write), built here from the packaged guide without starting the server. The patients
 * cover every disease course and transition. {@code GeneratedCohortValidationIT} checks the same
 * through the running server.
 */
class GeneratedCohortProfilesTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static MsResourceValidator validator;

	@BeforeAll
	static void validator() {
		validator = MsResourceValidator.create(CTX, new DefaultProfileValidationSupport(CTX),
				MsGuideResources.read(CTX, "classpath*:ig/*.json"));
	}

	@Test
	void everyResourceOfTwentyPatientsConformsToItsClaimedProfile() {
		CohortGenerator generator = new CohortGenerator(2026);
		TreeMap<String, List<String>> errors = new TreeMap<>();
		Set<String> profilesSeen = new TreeSet<>();
		Set<DiseaseCourse> coursesSeen = new TreeSet<>();
		for (int i = 0; i < 20; i++) {
			PatientHistory history = generator.history(i);
			history.courses().forEach(c -> coursesSeen.add(c.course()));
			Bundle bundle = FhirBundleBuilder.build(history);
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				if (!resource.getMeta().hasProfile()) {
					continue; // Patient
				}
				String profile = resource.getMeta().getProfile().get(0).getValue();
				// The selector must pick the claimed profile, as it does for writes.
				assertThat(validator.selector().profilesFor(resource)).as(resource.fhirType()).contains(profile);
				profilesSeen.add(profile);
				ValidationResult result = validator.validate(resource, List.of(profile));
				List<String> problems = new ArrayList<>();
				for (SingleValidationMessage m : result.getMessages()) {
					if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
						problems.add(m.getLocationString() + ": " + m.getMessage());
					}
				}
				if (!problems.isEmpty()) {
					errors.put("patient " + i + " " + entry.getFullUrl() + " " + profile, problems);
				}
			}
		}
		assertThat(errors).isEmpty();
		assertThat(coursesSeen).containsExactlyInAnyOrder(DiseaseCourse.values());
		assertThat(profilesSeen).hasSize(12);
	}
}

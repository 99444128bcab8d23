package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Parameters;
import org.msfhir.support.PostgresIntegrationTest;

/** The {@code $ms-cohort} calls the cohort ITs share: post criteria, read the answer and its members. */
abstract class CohortTestSupport extends PostgresIntegrationTest {

	protected HttpResponse<String> post(String path, Parameters parameters) {
		return send(request(path)
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(parameters))));
	}

	protected Parameters ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	/** The member ids of the Group in an answer. */
	protected static Set<String> members(Parameters result) {
		Group group = (Group) result.getParameter("group").getResource();
		return group.getMember().stream().map(m -> m.getEntity().getReferenceElement().getIdPart()).collect(Collectors.toSet());
	}
}

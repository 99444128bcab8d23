package org.msfhir.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.support.MsTestData;
import org.msfhir.support.PostgresIntegrationTest;
import org.assertj.core.api.Assertions;

/** {@code Observation/$lastn} over HTTP: the latest observations per patient and code of a cohort. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastNIT extends PostgresIntegrationTest {

	private static final String EDSS = MsTestData.MS_CONCEPTS + "|edss";

	private String p1; // EDSS 3.0 (2020), 4.0 (2022), 4.5 (2024); pain 5 (2025)
	private String p2; // EDSS 2.0 (2019); 6.0 (2023) entered in error
	private String p3; // EDSS 8.0 (2025): not asked for

	@BeforeAll
	void createObservations() {
		p1 = create(MsTestData.patient("Lastone", "Ana", "1970-01-01", "Bern"));
		p2 = create(MsTestData.patient("Lasttwo", "Bea", "1975-01-01", "Bern"));
		p3 = create(MsTestData.patient("Lastthree", "Cleo", "1980-01-01", "Bern"));
		create(MsTestData.edss(p1, 4.0, "2022-03-01"));
		create(MsTestData.edss(p1, 4.5, "2024-03-01"));
		create(MsTestData.edss(p1, 3.0, "2020-03-01"));
		create(MsTestData.pain(p1, 5, "2025-01-01"));
		create(MsTestData.edss(p2, 2.0, "2019-03-01"));
		create(MsTestData.edss(p2, 6.0, "2023-03-01").setStatus(Observation.ObservationStatus.ENTEREDINERROR));
		create(MsTestData.edss(p3, 8.0, "2025-03-01"));
	}

	@Test
	void latestEdssOfEachPatientOfACohort() {
		Bundle result = lastN("subject=Patient/" + p1 + ",Patient/" + p2 + "&code=" + enc(EDSS));

		assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		assertThat(summaries(result)).containsExactly(p1 + " 2024-03-01 4.5", p2 + " 2019-03-01 2.0");
		assertThat(result.getTotal()).isEqualTo(2);
	}

	@Test
	void maxGivesTheNewestFewPerPatientNewestFirst() {
		Bundle result = lastN("subject=Patient/" + p1 + ",Patient/" + p2 + "&code=" + enc(EDSS) + "&max=2");

		assertThat(summaries(result))
				.containsExactly(p1 + " 2024-03-01 4.5", p1 + " 2022-03-01 4.0", p2 + " 2019-03-01 2.0");
	}

	@Test
	void withoutCodeEachCodeIsItsOwnGroup() {
		Bundle result = lastN("patient=" + p1);

		assertThat(summaries(result)).containsExactly(p1 + " 2025-01-01 5", p1 + " 2024-03-01 4.5");
	}

	@Test
	void enteredInErrorCountsOnlyWhenAskedForByStatus() {
		Bundle result = lastN("subject=Patient/" + p2 + "&code=" + enc(EDSS) + "&status=entered-in-error,final");

		assertThat(summaries(result)).containsExactly(p2 + " 2023-03-01 6.0");
	}

	@Test
	void theGenericClientCallsItWithGet() {
		Parameters in = new Parameters();
		in.addParameter().setName("subject").setValue(new StringType("Patient/" + p1));
		in.addParameter().setName("code").setValue(new StringType(EDSS));
		in.addParameter().setName("max").setValue(new IntegerType(3));

		Bundle result = client().operation().onType(Observation.class).named("$lastn").withParameters(in)
				.returnResourceType(Bundle.class).useHttpGet().execute();

		assertThat(summaries(result))
				.containsExactly(p1 + " 2024-03-01 4.5", p1 + " 2022-03-01 4.0", p1 + " 2020-03-01 3.0");
	}

	@Test
	void refusesRequestsItCannotAnswerWithAReason() {
		assertRefused("code=" + enc(EDSS), "needs a patient or subject parameter");
		assertRefused("subject=Patient/" + p1 + "&max=0", "max must be a whole number from 1 to 1000");
		assertRefused("subject=Patient/" + p1 + "&_sort=date", "does not support the parameter _sort");
		assertRefused("subject=Patient/" + p1 + "&colour=blue", "colour");
	}

	@Test
	void aPatientTokenSeesOnlyItsOwnPatient() {
		IGenericClient own = fhirContext.newRestfulGenericClient(baseUrl());
		own.registerInterceptor(new BearerTokenAuthInterceptor(tokenFor("patient/Observation.rs", p1)));
		Bundle mine = own.search().byUrl(baseUrl() + "/Observation/$lastn?subject=Patient/" + p1 + "&code=" + enc(EDSS))
				.returnBundle(Bundle.class).execute();
		assertThat(summaries(mine)).containsExactly(p1 + " 2024-03-01 4.5");

		Assertions.assertThatThrownBy(() -> own.search()
						.byUrl(baseUrl() + "/Observation/$lastn?subject=Patient/" + p3 + "&code=" + enc(EDSS))
						.returnBundle(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	private void assertRefused(String query, String message) {
		HttpResponse<String> response = send(request("Observation/$lastn?" + query).GET());
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(query).contains(message);
	}

	private Bundle lastN(String query) {
		HttpResponse<String> response = send(request("Observation/$lastn?" + query).GET());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
	}

	/** "patient date value" per entry, in the order of the bundle. */
	private static List<String> summaries(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(e -> (Observation) e.getResource())
				.map(o -> o.getSubject().getReferenceElement().getIdPart() + " "
						+ o.getEffectiveDateTimeType().getValueAsString() + " "
						+ (o.hasValueQuantity() ? o.getValueQuantity().getValue().toPlainString()
								: o.getValueIntegerType().getValueAsString()))
				.toList();
	}

	private String create(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		return client().create().resource(resource).execute().getId().getIdPart();
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}

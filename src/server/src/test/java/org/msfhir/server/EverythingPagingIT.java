package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET Patient/[id]/$everything} is answered as an offset query (rest.EverythingOffsetPaging):
 * a client following the next links still gets the whole record once, the page sizes follow
 * {@code _count} and the server's default and maximum, and a malformed {@code _count} is a 400. The
 * database connections cost index reads for fast storage, which keeps $everything's plan on the index.
 */
class EverythingPagingIT extends PostgresIntegrationTest {

	private static final int OBSERVATIONS = 25;

	@Autowired
	private DataSource dataSource;

	private String patientId;
	private final List<String> record = new ArrayList<>();

	@BeforeEach
	void patientWithTwentyFiveObservations() {
		patientId = client().create().resource(new Patient().addName(new HumanName().setFamily("Paging")))
				.execute().getId().getIdPart();
		record.add("Patient/" + patientId);
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < OBSERVATIONS; i++) {
			Observation obs = new Observation().setStatus(Observation.ObservationStatus.FINAL)
					.setCode(new CodeableConcept(new Coding("http://loinc.org", "8310-5", null)));
			obs.getSubject().setReference("Patient/" + patientId);
			tx.addEntry().setResource(obs).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		Bundle response = client().transaction().withBundle(tx).execute();
		response.getEntry().forEach(e -> record.add(e.getResponse().getLocation().replaceAll("/_history/.*", "")));
		// someone else's observation must not show up
		Observation other = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept(new Coding("http://loinc.org", "8310-5", null)));
		other.getSubject().setReference("Patient/" + client().create().resource(new Patient()).execute().getId().getIdPart());
		client().create().resource(other).execute();
	}

	@Test
	void followingTheNextLinksGivesTheWholeRecordOnce() {
		List<String> seen = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		Bundle page = everything("?_count=10");
		assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("$everything", "_offset=10", "_count=10");
		while (true) {
			pageSizes.add(page.getEntry().size());
			page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().toUnqualifiedVersionless().getValue()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = client().loadPage().next(page).execute();
		}
		assertThat(pageSizes).containsExactly(10, 10, 6);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(record);
	}

	@Test
	void withoutCountThePageHasTheDefaultSize() {
		Bundle page = everything("");
		assertThat(page.getEntry()).hasSize(20); // hapi.fhir.default-page-size
		assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=20");
	}

	@Test
	void aCountAboveTheMaximumIsCappedAndAClientOffsetIsKept() {
		Bundle all = everything("?_count=100000");
		assertThat(all.getEntry()).hasSize(record.size());
		assertThat(all.getLink(Bundle.LINK_SELF).getUrl()).contains("_count=500"); // hapi.fhir.max-page-size
		assertThat(all.getLink(Bundle.LINK_NEXT)).isNull();

		assertThat(everything("?_count=10&_offset=20").getEntry()).hasSize(6);
	}

	@Test
	void aCountThatIsNotANumberIsRefused() {
		for (String count : new String[] {"abc", "-1"}) {
			HttpResponse<String> response = send(request("Patient/" + patientId + "/$everything?_count=" + count));
			assertThat(response.statusCode()).as(count).isEqualTo(400);
			assertThat(response.body()).contains("OperationOutcome", "_count", count);
		}
	}

	@Test
	void theServersConnectionsCostIndexReadsForFastStorage() throws Exception {
		// With PostgreSQL's default (4) the reused plan of $everything's SQL scans the resource table in
		// id order (application.yaml).
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW random_page_cost")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo("1.1");
		}
	}

	private Bundle everything(String query) {
		return client().fetchResourceFromUrl(Bundle.class, baseUrl() + "/Patient/" + patientId + "/$everything" + query);
	}
}

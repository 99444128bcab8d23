package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.gclient.IQuery;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.msfhir.support.MsTestData;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * What every tag storage mode ({@code hapi.fhir.tag-storage-mode}) must keep: a stored resource shows
 * its tags, security labels and profiles, and {@code _tag}, {@code _security} and {@code _profile}
 * find it (and do not find it by a code it does not carry).
 */
abstract class TagSearchContract extends PostgresIntegrationTest {

	static final String TAGS = "http://example.org/registry-tags";
	static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
	static final String EDSS_PROFILE = "http://msfhir.org/fhir/StructureDefinition/ms-edss";

	@Test
	void tagsSecurityLabelsAndProfilesAreStoredAndSearchable() {
		String tag = "cohort-" + UUID.randomUUID();
		Observation stored = createEdss(tag);

		assertThat(stored.getMeta().getTag()).anyMatch(c -> tag.equals(c.getCode()));
		assertThat(stored.getMeta().getSecurity()).anyMatch(c -> "R".equals(c.getCode()));
		assertThat(stored.getMeta().getProfile()).anyMatch(p -> EDSS_PROFILE.equals(p.getValue()));

		String id = stored.getIdElement().getIdPart();
		assertThat(ids(observations().withTag(TAGS, tag))).containsExactly(id);
		assertThat(ids(observations().withTag(TAGS, tag).withSecurity(CONFIDENTIALITY, "R"))).containsExactly(id);
		assertThat(ids(observations().withTag(TAGS, tag).withProfile(EDSS_PROFILE))).containsExactly(id);
		assertThat(ids(observations().withTag(TAGS, tag).withSecurity(CONFIDENTIALITY, "V"))).isEmpty();
		assertThat(ids(observations().withTag(TAGS, "other-" + tag))).isEmpty();
	}

	/** An EDSS observation of a new patient, tagged, labelled restricted and claiming the EDSS profile, as read back. */
	Observation createEdss(String tag) {
		String patientId = client().create().resource(MsTestData.patient("Tagged", "Tess", "1980-02-03", "Bern"))
				.execute().getId().getIdPart();
		Observation edss = MsTestData.edss(patientId, 3.5, "2024-05-06");
		edss.getMeta().addTag(TAGS, tag, null);
		edss.getMeta().addSecurity(CONFIDENTIALITY, "R", "restricted");
		edss.getMeta().addProfile(EDSS_PROFILE);
		String id = client().create().resource(edss).execute().getId().getIdPart();
		return client().read().resource(Observation.class).withId(id).execute();
	}

	IQuery<Bundle> observations() {
		return client().search().forResource(Observation.class)
				.cacheControl(new CacheControlDirective().setNoCache(true))
				.returnBundle(Bundle.class);
	}

	static List<String> ids(IQuery<Bundle> query) {
		return query.execute().getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}

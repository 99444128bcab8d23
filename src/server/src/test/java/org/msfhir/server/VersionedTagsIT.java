package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Tags in HAPI's tag tables ({@code hapi.fhir.tag-storage-mode=VERSIONED}): searchable (see
 * {@link TagSearchContract}), and {@code $meta-add} / {@code $meta-delete} change them in place, as
 * read and search then show. Its own application context, because the mode is read once when the
 * storage starts.
 */
@TestPropertySource(properties = "hapi.fhir.tag-storage-mode=VERSIONED")
class VersionedTagsIT extends TagSearchContract {

	@Test
	void metaAddAndMetaDeleteChangeTagsThatReadAndSearchSee() {
		Observation stored = createEdss("cohort-" + UUID.randomUUID());
		String id = stored.getIdElement().getIdPart();
		String added = "reviewed-" + UUID.randomUUID();

		client().operation().onInstance(stored.getIdElement().toUnqualifiedVersionless()).named("$meta-add")
				.withParameters(metaParameter(added)).execute();
		Observation read = client().read().resource(Observation.class).withId(id).execute();
		assertThat(read.getMeta().getTag()).anyMatch(c -> added.equals(c.getCode()));
		assertThat(ids(observations().withTag(TAGS, added))).containsExactly(id);

		client().operation().onInstance(stored.getIdElement().toUnqualifiedVersionless()).named("$meta-delete")
				.withParameters(metaParameter(added)).execute();
		read = client().read().resource(Observation.class).withId(id).execute();
		assertThat(read.getMeta().getTag()).noneMatch(c -> added.equals(c.getCode()));
		assertThat(ids(observations().withTag(TAGS, added))).isEmpty();
	}

	@Test
	void theCapabilityStatementOffersMetaOperations() {
		CapabilityStatement statement = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(statement.getRest().get(0).getResource()).anySatisfy(resource ->
				assertThat(resource.getOperation()).anyMatch(op -> op.getName().equals("meta-add")));
	}

	static Parameters metaParameter(String tagCode) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("meta").setValue(new Meta().addTag(TAGS, tagCode, null));
		return parameters;
	}
}

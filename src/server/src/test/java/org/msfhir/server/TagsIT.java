package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.FHIR_JSON;
import static org.msfhir.support.Http.body;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * Tags with the default storage ({@code hapi.fhir.tag-storage-mode=INLINE}): tags, security labels and
 * profiles live in each stored version. Searchable ({@link TagSearchContract}); an update replaces
 * them like any other element while the history keeps the old ones; {@code $meta-add} and
 * {@code $meta-delete}, which would change nothing visible in this mode, are refused and not offered.
 */
class TagsIT extends TagSearchContract {

	@Test
	void anUpdateReplacesTagsAndTheHistoryKeepsTheOldOnes() {
		String tag = "cohort-" + UUID.randomUUID();
		Observation stored = createEdss(tag);
		String id = stored.getIdElement().getIdPart();

		Observation update = stored.copy();
		update.getMeta().getTag().clear();
		update.getMeta().addTag(TAGS, "re-" + tag, null);
		client().update().resource(update).execute();

		Observation current = client().read().resource(Observation.class).withId(id).execute();
		assertThat(current.getMeta().getTag()).extracting(c -> c.getCode()).containsExactly("re-" + tag);
		assertThat(ids(observations().withTag(TAGS, tag))).isEmpty();
		assertThat(ids(observations().withTag(TAGS, "re-" + tag))).containsExactly(id);
		Observation first = client().read().resource(Observation.class).withIdAndVersion(id, "1").execute();
		assertThat(first.getMeta().getTag()).extracting(c -> c.getCode()).containsExactly(tag);
	}

	@Test
	void metaAddAndMetaDeleteAreRefusedWithAReason() {
		Observation stored = createEdss("cohort-" + UUID.randomUUID());
		String id = stored.getIdElement().getIdPart();
		for (String operation : new String[] {"$meta-add", "$meta-delete"}) {
			HttpResponse<String> response = send(request("Observation/" + id + "/" + operation)
					.header("Content-Type", FHIR_JSON)
					.POST(body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":"
							+ "{\"tag\":[{\"system\":\"" + TAGS + "\",\"code\":\"added\"}]}}]}")));
			assertThat(response.statusCode()).as(operation).isEqualTo(405);
			assertThat(response.body()).contains("OperationOutcome", "tag-storage-mode=INLINE", "update");
		}
		Observation read = client().read().resource(Observation.class).withId(id).execute();
		assertThat(read.getMeta().getTag()).noneMatch(c -> "added".equals(c.getCode()));
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void theCapabilityStatementDoesNotOfferMetaOperations() {
		CapabilityStatement statement = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(statement.getRest()).allSatisfy(rest -> {
			assertThat(rest.getOperation()).noneMatch(op -> op.getName().startsWith("meta-"));
			assertThat(rest.getResource()).allSatisfy(resource ->
					assertThat(resource.getOperation()).noneMatch(op -> op.getName().startsWith("meta-")));
		});
		assertThat(statement.getRest().get(0).getResource()).anySatisfy(resource ->
				assertThat(resource.getOperation()).isNotEmpty());
	}
}

package org.msfhir.ig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The packaged guide is in the server after startup, and loading it again is idempotent and versioned. */
class IgLoaderIT extends PostgresIntegrationTest {

	@Autowired
	IgPackageReader reader;

	@Autowired
	IgLoader loader;

	@Autowired
	IgProperties properties;

	@Test
	void localCodeSystemIsReadableAfterStartup() {
		CodeSystem concepts = client().read().resource(CodeSystem.class).withId("ms-concepts").execute();
		assertThat(concepts.getUrl()).isEqualTo("http://msfhir.org/fhir/CodeSystem/ms-concepts");
		assertThat(concepts.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
		assertThat(concepts.getVersion()).isEqualTo("0.1.0");
		assertThat(concepts.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
				.contains("edss", "lublin-activity", "care-fatigue");
	}

	@Test
	void guideIsReadableAndListsTheStoredResources() {
		HttpResponse<String> response = send(request("ImplementationGuide/msfhir"));
		assertThat(response.statusCode()).isEqualTo(200);
		ImplementationGuide guide = fhirContext.newJsonParser().parseResource(ImplementationGuide.class, response.body());
		assertThat(guide.getVersion()).isEqualTo("0.1.0");
		assertThat(guide.getPackageId()).isEqualTo("msfhir.ig");
		assertThat(guide.getDefinition().getResource())
				.extracting(r -> r.getReference().getReference())
				.contains("CodeSystem/ms-concepts");
	}

	@Test
	void loadingTheSameGuideAgainWritesNothing() {
		String before = versionOf("CodeSystem", "ms-concepts");
		String guideBefore = versionOf("ImplementationGuide", "msfhir");

		IgLoader.Result result = loader.load(reader.read(properties.location()));

		assertThat(result.changed()).isFalse();
		assertThat(result.written()).isZero();
		assertThat(versionOf("CodeSystem", "ms-concepts")).isEqualTo(before);
		assertThat(versionOf("ImplementationGuide", "msfhir")).isEqualTo(guideBefore);
	}

	@Test
	void aNewGuideVersionReplacesTheOldContent() {
		IgPackage current = reader.read(properties.location());
		String conceptsVersion = versionOf("CodeSystem", "ms-concepts");

		// A different guide version that has one code system more.
		CodeSystem extra = new CodeSystem();
		extra.setId("CodeSystem/loader-it-extra");
		extra.setUrl("http://msfhir.org/fhir/CodeSystem/loader-it-extra");
		extra.setStatus(Enumerations.PublicationStatus.DRAFT);
		extra.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		extra.addConcept().setCode("x").setDisplay("Extra");
		List<IBaseResource> resources = new ArrayList<>(current.resources());
		resources.add(extra);
		ImplementationGuide otherGuide = current.guide().copy();
		otherGuide.setVersion("0.0.9-it");
		try {
			IgLoader.Result other = loader.load(new IgPackage(otherGuide, resources, 0, "other-digest"));
			assertThat(other.changed()).isTrue();
			assertThat(client().read().resource(ImplementationGuide.class).withId("msfhir").execute().getVersion())
					.isEqualTo("0.0.9-it");
			assertThat(client().read().resource(CodeSystem.class).withId("loader-it-extra").execute().getConceptFirstRep().getCode())
					.isEqualTo("x");
			// Unchanged resources keep their version even though the guide changed.
			assertThat(versionOf("CodeSystem", "ms-concepts")).isEqualTo(conceptsVersion);
		} finally {
			// Back to the packaged guide: the resource the packaged version does not have is removed.
			IgLoader.Result back = loader.load(current);
			assertThat(back.changed()).isTrue();
			assertThat(back.deleted()).isEqualTo(1);
		}
		assertThat(client().read().resource(ImplementationGuide.class).withId("msfhir").execute().getVersion())
				.isEqualTo("0.1.0");
		assertThatThrownBy(() -> client().read().resource(CodeSystem.class).withId("loader-it-extra").execute())
				.isInstanceOf(ResourceGoneException.class);
	}

	private String versionOf(String type, String id) {
		return client().read().resource(type).withId(id).execute().getMeta().getVersionId();
	}
}

package org.msfhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.util.FhirTerser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The guide and every conformance resource of it can be read from the server, and metadata lists the profiles. */
class ConformanceResourcesIT extends PostgresIntegrationTest {

	@Autowired
	IgPackageReader reader;

	@Autowired
	IgProperties properties;

	@Test
	void everyPackagedConformanceResourceIsReadableByIdAndFoundByUrl() {
		IgPackage ig = reader.read(properties.location());
		assertThat(ig.resources()).isNotEmpty();
		FhirTerser terser = fhirContext.newTerser();
		for (IBaseResource packaged : ig.resources()) {
			String type = fhirContext.getResourceType(packaged);
			String id = packaged.getIdElement().getIdPart();
			String url = terser.getSinglePrimitiveValueOrNull(packaged, "url");

			// HAPI answers OperationDefinition/[id] from the definitions it generates for the server's
			// operations (its capability statement provider), so stored ones are found by url only.
			if (!"OperationDefinition".equals(type)) {
				HttpResponse<String> read = send(request(type + "/" + id).header("Accept", "application/fhir+json"));
				assertThat(read.statusCode()).as(type + "/" + id).isEqualTo(200);
				IBaseResource stored = fhirContext.newJsonParser().parseResource(read.body());
				assertThat(terser.getSinglePrimitiveValueOrNull(stored, "url")).isEqualTo(url);
			}

			// Profile validation and terminology find them by canonical URL: exactly one each.
			var bundle = client().search().byUrl(type + "?url=" + url)
					.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute();
			assertThat(bundle.getEntry()).as(url).hasSize(1);
		}
	}

	@Test
	void guideListsEveryStoredResourceAndNoExample() {
		IgPackage ig = reader.read(properties.location());
		ImplementationGuide guide = client().read().resource(ImplementationGuide.class).withId("msfhir").execute();
		assertThat(guide.getUrl()).isEqualTo("http://msfhir.org/fhir/ImplementationGuide/msfhir");
		assertThat(guide.getFhirVersion()).extracting(v -> v.getValue().toCode()).containsExactly("4.0.1");
		Set<String> listed = guide.getDefinition().getResource().stream()
				.map(r -> r.getReference().getReference())
				.collect(Collectors.toSet());
		Set<String> packaged = ig.resources().stream()
				.map(r -> fhirContext.getResourceType(r) + "/" + r.getIdElement().getIdPart())
				.collect(Collectors.toSet());
		assertThat(listed).isEqualTo(packaged);
	}

	@Test
	void capabilityStatementListsEveryGuideProfileOnItsResourceType() {
		IgPackage ig = reader.read(properties.location());
		List<StructureDefinition> profiles = ig.resources().stream()
				.filter(StructureDefinition.class::isInstance)
				.map(StructureDefinition.class::cast)
				.filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
						&& sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT)
				.toList();
		CapabilityStatement metadata = client().capabilities().ofType(CapabilityStatement.class).execute();
		for (StructureDefinition profile : profiles) {
			CapabilityStatementRestResourceComponent resource = metadata.getRestFirstRep().getResource().stream()
					.filter(r -> r.getType().equals(profile.getType()))
					.findFirst()
					.orElseThrow();
			assertThat(resource.getSupportedProfile()).extracting(CanonicalType::getValue)
					.as(profile.getType())
					.contains(profile.getUrl());
		}
	}
}

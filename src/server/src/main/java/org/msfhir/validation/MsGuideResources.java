package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The guide's resources as read from JSON files: the conformance resources the validator needs
 * (StructureDefinitions, ValueSets, CodeSystems, ConceptMaps) and the examples used to warm it up.
 *
 * @param conformance profiles, extensions and terminology
 * @param examples every other resource (the profiles' examples and the resources they refer to)
 */
public record MsGuideResources(List<IBaseResource> conformance, List<IBaseResource> examples) {

	private static final Set<String> CONFORMANCE_TYPES =
			Set.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap");

	/** Reads every file matched by one or more Spring resource patterns ({@code classpath*:ig/*.json}). */
	public static MsGuideResources read(FhirContext fhirContext, String... locations) {
		ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		List<IBaseResource> conformance = new ArrayList<>();
		List<IBaseResource> examples = new ArrayList<>();
		for (String location : locations) {
			Resource[] files;
			try {
				files = resolver.getResources(location);
			} catch (IOException e) {
				throw new UncheckedIOException("cannot list the guide resources at " + location, e);
			}
			Arrays.sort(files, Comparator.comparing(f -> String.valueOf(f.getFilename())));
			for (Resource file : files) {
				IBaseResource resource = parse(fhirContext, file);
				String type = fhirContext.getResourceType(resource);
				if (CONFORMANCE_TYPES.contains(type)) {
					conformance.add(resource);
				} else if (!"ImplementationGuide".equals(type)) {
					examples.add(resource);
				}
			}
		}
		return new MsGuideResources(List.copyOf(conformance), List.copyOf(examples));
	}

	private static IBaseResource parse(FhirContext fhirContext, Resource file) {
		try (InputStream in = file.getInputStream()) {
			return fhirContext.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read guide file " + file.getFilename(), e);
		} catch (DataFormatException e) {
			throw new IllegalStateException("guide file " + file.getFilename() + " is not a FHIR JSON resource: "
					+ e.getMessage(), e);
		}
	}
}

package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import ca.uhn.fhir.rest.server.util.FhirContextSearchParamRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import java.util.Date;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * The server's search-parameter extractor walks simple paths itself ({@link ElementPath});
 * here it must give exactly what HAPI's FHIRPath-based extractor gives, path by path and index row by
 * index row, for every search parameter of every resource in generated cohorts, the guide's examples
 * and a few awkward resources (primitives with only an extension, empty elements, contained resources).
 */
class ElementPathTest {

	private static final FhirContext CONTEXT = FhirContext.forR4Cached();
	private static SearchParamExtractorR4 hapi;
	private static JpaOnlySearchParamExtractor ours;
	private static List<Resource> resources;

	@BeforeAll
	static void setUp() throws IOException {
		FhirContextSearchParamRegistry registry = new FhirContextSearchParamRegistry(CONTEXT);
		hapi = new SearchParamExtractorR4(new JpaStorageSettings(), new PartitionSettings(), CONTEXT, registry);
		ours = new JpaOnlySearchParamExtractor(new JpaStorageSettings(), CONTEXT, registry);
		resources = new ArrayList<>();
		CohortGenerator generator = new CohortGenerator(5);
		for (int p = 0; p < 6; p++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(p).getEntry()) {
				resources.add(entry.getResource());
			}
		}
		try (Stream<Path> files = Files.list(org.msfhir.support.RepositoryPaths.generatedProfiles())) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				resources.add((Resource) CONTEXT.newJsonParser().parseResource(Files.readString(file)));
			}
		}
		resources.addAll(awkward());
	}

	@Test
	void everyPathGivesTheSameElementsAsFhirPath() {
		int plainPaths = 0;
		int values = 0;
		for (Resource resource : resources) {
			for (RuntimeSearchParam param : CONTEXT.getResourceDefinition(resource).getSearchParams()) {
				if (param.getPath() == null || param.getPath().isBlank()) {
					continue;
				}
				for (String path : hapi.split(param.getPath())) {
					path = path.trim();
					List<? extends IBase> expected = hapi.getPathValueExtractor(resource, path).get();
					List<? extends IBase> actual = ours.getPathValueExtractor(resource, path).get();
					String where = resource.fhirType() + " " + param.getName() + " " + path;
					assertThat(actual).as(where).hasSameSizeAs(expected);
					ElementPath plain = ElementPath.parse(path);
					boolean walked = plain != null && plain.appliesTo(resource) && plain.evaluate(resource) != null;
					for (int i = 0; i < expected.size(); i++) {
						if (walked) {
							assertThat(actual.get(i)).as(where + " [" + i + "]").isSameAs(expected.get(i));
						} else { // FHIRPath computes some values (a boolean of exists()) afresh each time
							assertThat(((Base) actual.get(i)).equalsDeep((Base) expected.get(i))).as(where).isTrue();
						}
					}
					if (walked) {
						plainPaths++;
						values += actual.size();
					}
				}
			}
		}
		assertThat(resources).hasSizeGreaterThan(600);
		assertThat(plainPaths).as("paths walked without FHIRPath").isGreaterThan(10_000);
		assertThat(values).as("values found on walked paths").isGreaterThan(3_000);
	}

	/**
	 * A parameter shared by several types (code, patient, date) has one path per type, and HAPI
	 * evaluates all of them on every resource: those of other types are answered empty at once, as
	 * FHIRPath answers them.
	 */
	@Test
	void pathsOfOtherTypesFindNothing() {
		Set<String> paths = new TreeSet<>();
		for (String type : CONTEXT.getResourceTypes()) {
			for (RuntimeSearchParam param : CONTEXT.getResourceDefinition(type).getSearchParams()) {
				if (param.getPath() != null && !param.getPath().isBlank()) {
					Arrays.stream(hapi.split(param.getPath())).map(String::trim).forEach(paths::add);
				}
			}
		}
		Map<String, Resource> onePerType = new TreeMap<>();
		resources.forEach(resource -> onePerType.putIfAbsent(resource.fhirType(), resource));
		int answeredEmpty = 0;
		for (Resource resource : onePerType.values()) {
			for (String path : paths) {
				ElementPath plain = ElementPath.parse(path);
				if (plain != null && plain.startsAtOtherType(resource)) {
					assertThat(hapi.getPathValueExtractor(resource, path).get()).as(resource.fhirType() + " " + path).isEmpty();
					assertThat(ours.getPathValueExtractor(resource, path).get()).as(resource.fhirType() + " " + path).isEmpty();
					answeredEmpty++;
				}
			}
		}
		assertThat(onePerType).containsKeys("Patient", "Observation", "Condition", "MedicationStatement", "CarePlan");
		assertThat(answeredEmpty).isGreaterThan(10_000);
	}

	@Test
	void extractsTheSameIndexRowsAsHapi() {
		for (Resource resource : resources) {
			same(resource, "tokens", e -> e.extractSearchParamTokens(resource));
			same(resource, "strings", e -> e.extractSearchParamStrings(resource));
			same(resource, "dates", e -> e.extractSearchParamDates(resource));
			same(resource, "numbers", e -> e.extractSearchParamNumber(resource));
			same(resource, "quantities", e -> e.extractSearchParamQuantity(resource));
			same(resource, "uris", e -> e.extractSearchParamUri(resource));
			same(resource, "links", e -> e.extractResourceLinks(resource, false).stream()
					.map(link -> link.getSearchParamName() + " " + link.getPath() + " "
							+ CONTEXT.newTerser().getSinglePrimitiveValueOrNull(link.getRef(), "reference"))
					.collect(Collectors.toSet()));
		}
	}

	@Test
	void leavesEverythingButPlainNamesToFhirPath() {
		assertThat(ElementPath.parse("Observation.component.code")).isNotNull();
		assertThat(ElementPath.parse("Observation.subject.where(resolve() is Patient)")).isNotNull();
		assertThat(ElementPath.parse("(Observation.value as Quantity)")).isNotNull();
		assertThat(ElementPath.parse("(Observation.value as CodeableConcept).text")).isNotNull();
		assertThat(ElementPath.parse("Condition.onset.as(dateTime)")).isNotNull();
		assertThat(ElementPath.parse("Patient.telecom.where(system='email')")).isNull();
		assertThat(ElementPath.parse("Patient.deceased.exists() and Patient.deceased != false")).isNull();
		assertThat(ElementPath.parse("Patient.name[0]")).isNull();
		assertThat(ElementPath.parse("Observation")).isNull();
		assertThat(ElementPath.parse("Observation.code").appliesTo(new Condition())).isFalse();
		assertThat(ElementPath.parse("Resource.meta.profile").appliesTo(new Condition())).isTrue();
		assertThat(ElementPath.parse("Observation.code").startsAtOtherType(new Condition())).isTrue();
		assertThat(ElementPath.parse("Observation.code").startsAtOtherType(new Observation())).isFalse();
		assertThat(ElementPath.parse("Resource.meta.profile").startsAtOtherType(new Condition())).isFalse();
		assertThat(ElementPath.parse("Observation.code").startsAtOtherType(new CodeableConcept())).isFalse();
	}

	private static void same(Resource resource, String what, Function<ISearchParamExtractor, ?> extraction) {
		assertThat(extraction.apply(ours)).as(resource.fhirType() + "/" + resource.getIdPart() + " " + what)
				.isEqualTo(extraction.apply(hapi));
	}

	/**
	 * Shapes the generator never writes: an extension in place of a value, empty and contained
	 * elements, values of every choice type the type filters ask for, references of every form.
	 */
	private static List<Resource> awkward() {
		Patient patient = new Patient();
		patient.setId("awkward");
		DateType birthDate = new DateType();
		birthDate.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
				new CodeType("unknown")));
		patient.setBirthDateElement(birthDate);
		patient.addName().setFamily("").addGiven("Ann");
		patient.addIdentifier();
		patient.addTelecom().setValue("0123");
		Observation observation = new Observation();
		observation.setId("awkward-obs");
		observation.getCode().addCoding().setSystem("http://loinc.org");
		observation.addComponent().getCode().setText("free text only");
		observation.getSubject().setReference("#p1");
		Patient contained = new Patient();
		contained.setId("p1");
		contained.addName().setFamily("Contained");
		observation.addContained(contained);
		observation.getMeta().addProfile("http://example.org/a").addTag("http://example.org/t", "x", null);
		List<Resource> resources = new ArrayList<>(List.of(patient, observation, new Condition()));
		// values of every type the type filters ask for, and references of every form
		String[] references = {"Patient/1", "Group/2", "Patient/1/_history/3", "http://example.org/fhir/Patient/1",
			"urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", "#p1", "Foo/1", ""};
		Type[] values = {new StringType("five"), new CodeableConcept().setText("text only"), new Period().setStart(new Date()),
			new DateTimeType("2020-01-01"), new Quantity(5), new BooleanType(true), new IntegerType(3)};
		for (int i = 0; i < references.length; i++) {
			Observation o = new Observation();
			o.setId("o" + i);
			o.getSubject().setReference(references[i]);
			o.setValue(values[i % values.length]);
			o.addComponent().setValue(values[(i + 1) % values.length]);
			o.addComponent().setValue(values[(i + 2) % values.length]);
			resources.add(o);
			Condition c = new Condition();
			c.getSubject().setReference(references[i]);
			c.setOnset(new Type[] {new Age().setValue(30), new Range(), new StringType("childhood"), new Period(),
				new DateTimeType("2001")}[i % 5]);
			c.setAbatement(new Type[] {new StringType("gone"), new Age().setValue(40), new DateTimeType("2010-02")}[i % 3]);
			resources.add(c);
			MedicationStatement s = new MedicationStatement();
			s.getSubject().setReference(references[i]);
			s.setMedication(i % 2 == 0 ? new Reference("Medication/1") : new CodeableConcept().setText("baclofen"));
			resources.add(s);
		}
		Observation identifierOnly = new Observation();
		identifierOnly.getSubject().getIdentifier().setSystem("http://example.org/mrn").setValue("1");
		resources.add(identifierOnly);
		return resources;
	}
}

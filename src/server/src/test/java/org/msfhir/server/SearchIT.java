package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msfhir.support.Http.unique;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msfhir.support.PostgresIntegrationTest;

/**
 * Search: chaining, _include / _revinclude (with :iterate), _has, _sort, _count with paging,
 * _summary, _elements, _total. Each test works on its own data (a fresh family name and code), so
 * results can be asserted exactly on a shared database.
 */
class SearchIT extends PostgresIntegrationTest {

	private static final String CODES = "urn:msfhir:test:code";

	private String family;
	private String code;
	private IdType organization;
	private IdType patient;
	private IdType observation;

	@BeforeEach
	void data() {
		family = unique("Fam").replace("-", "");
		code = unique("code");
		Organization org = new Organization();
		org.setName("Clinic " + family);
		organization = id(client().create().resource(org).execute().getId());

		Patient pt = new Patient();
		pt.addName().setFamily(family).addGiven("Ada");
		pt.setManagingOrganization(new org.hl7.fhir.r4.model.Reference(organization.getValue()));
		patient = id(client().create().resource(pt).execute().getId());

		Observation obs = new Observation();
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(CODES, code, null)));
		obs.getSubject().setReference(patient.getValue());
		observation = id(client().create().resource(obs).execute().getId());
	}

	@Test
	void chainedSearchFindsObservationsByTheirPatientsName() {
		Bundle found = search("Observation?subject:Patient.family=" + family);
		assertThat(ids(found)).containsExactly(observation.getValue());
		assertThat(search("Observation?subject:Patient.family=" + family + "x").getEntry()).isEmpty();
	}

	@Test
	void includeAddsTheReferencedPatientAndIterateFollowsOnToTheOrganization() {
		Bundle included = search("Observation?code=" + CODES + "|" + code + "&_include=Observation:subject");
		assertThat(ids(included)).containsExactlyInAnyOrder(observation.getValue(), patient.getValue());
		assertThat(included.getEntry()).filteredOn(e -> e.getResource() instanceof Patient)
				.allMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE);

		Bundle iterated = search("Observation?code=" + CODES + "|" + code
				+ "&_include=Observation:subject&_include:iterate=Patient:organization");
		assertThat(ids(iterated))
				.containsExactlyInAnyOrder(observation.getValue(), patient.getValue(), organization.getValue());
	}

	@Test
	void revincludeAddsResourcesPointingAtTheMatchAndIterateGoesFurther() {
		Bundle revincluded = search("Patient?family=" + family + "&_revinclude=Observation:subject");
		assertThat(ids(revincluded)).containsExactlyInAnyOrder(patient.getValue(), observation.getValue());

		Bundle iterated = search("Organization?_id=" + organization.getIdPart()
				+ "&_revinclude=Patient:organization&_revinclude:iterate=Observation:subject");
		assertThat(ids(iterated))
				.containsExactlyInAnyOrder(organization.getValue(), patient.getValue(), observation.getValue());
	}

	@Test
	void hasFindsPatientsThatHaveAMatchingObservation() {
		Bundle found = search("Patient?_has:Observation:subject:code=" + CODES + "|" + code);
		assertThat(ids(found)).containsExactly(patient.getValue());
		assertThat(search("Patient?_has:Observation:subject:code=" + CODES + "|" + code + "-none").getEntry()).isEmpty();
	}

	@Test
	void sortOrdersAscendingAndDescending() {
		createPatient(family, "1990-01-01");
		createPatient(family, "1960-01-01");
		createPatient(family, "1975-01-01");
		String url = "Patient?family=" + family + "&birthdate=gt1900-01-01&_sort=";
		assertThat(birthDates(search(url + "birthdate"))).containsExactly("1960-01-01", "1975-01-01", "1990-01-01");
		assertThat(birthDates(search(url + "-birthdate"))).containsExactly("1990-01-01", "1975-01-01", "1960-01-01");
	}

	@Test
	void countPagesAndNextLinksReachEveryResultOnce() {
		for (int i = 0; i < 4; i++) {
			createPatient(family, "1980-01-0" + (i + 1));
		}
		Bundle page = search("Patient?family=" + family + "&_count=2&_total=accurate");
		assertThat(page.getTotal()).isEqualTo(5);
		List<String> seen = new ArrayList<>();
		int pages = 0;
		while (true) {
			pages++;
			assertThat(page.getEntry()).hasSizeLessThanOrEqualTo(2);
			seen.addAll(ids(page));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = client().loadPage().next(page).execute();
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(5).doesNotHaveDuplicates();
	}

	@Test
	void summaryLeavesOutNonSummaryElementsAndSummaryCountReturnsOnlyTheTotal() {
		Patient married = new Patient();
		married.addName().setFamily(family);
		married.setMaritalStatus(new CodeableConcept().setText("married"));
		client().create().resource(married).execute();

		Bundle full = search("Patient?family=" + family);
		Bundle summary = search("Patient?family=" + family + "&_summary=true");
		assertThat(full.getEntry()).anyMatch(e -> ((Patient) e.getResource()).hasMaritalStatus());
		assertThat(summary.getEntry()).hasSize(2)
				.noneMatch(e -> ((Patient) e.getResource()).hasMaritalStatus())
				.allMatch(e -> family.equals(((Patient) e.getResource()).getNameFirstRep().getFamily()));

		Bundle count = search("Patient?family=" + family + "&_summary=count");
		assertThat(count.getTotal()).isEqualTo(2);
		assertThat(count.getEntry()).isEmpty();
	}

	@Test
	void elementsReturnsOnlyTheNamedElements() {
		createPatient(family, "1970-02-03");
		Bundle found = search("Patient?family=" + family + "&birthdate=1970-02-03&_elements=birthDate");
		Patient result = (Patient) found.getEntryFirstRep().getResource();
		assertThat(result.getBirthDateElement().getValueAsString()).isEqualTo("1970-02-03");
		assertThat(result.hasName()).isFalse();
	}

	@Test
	void totalAccurateCountsBeyondThePage() {
		createPatient(family, "1981-01-01");
		Bundle accurate = search("Patient?family=" + family + "&_total=accurate&_count=1");
		assertThat(accurate.hasTotal()).isTrue();
		assertThat(accurate.getTotal()).isEqualTo(2);
		assertThat(accurate.getEntry()).hasSize(1);
		assertThat(search("Patient?family=" + family + "&_total=none&_count=1").getEntry()).hasSize(1);
	}

	@Test
	void patientEverythingReturnsThePatientAndItsCompartment() {
		Bundle everything = client().operation().onInstance(patient.toVersionless())
				.named("$everything").withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
				.returnResourceType(Bundle.class).execute();
		assertThat(ids(everything)).contains(patient.getValue(), observation.getValue(), organization.getValue());
		assertThat(everything.getEntry()).extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.allMatch(id -> id.equals(patient.getValue()) || id.equals(observation.getValue())
						|| id.equals(organization.getValue()));
	}

	@Test
	void compositeSearchesMatchComponentCodeAndValueTogether() {
		// The server skips HAPI's composite index objects (JpaOnlySearchParamExtractor): composite
		// searches must still match through the token and quantity rows of their parts.
		Observation exam = new Observation();
		exam.setStatus(Observation.ObservationStatus.FINAL);
		exam.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(CODES, code + "-exam", null)));
		exam.getSubject().setReference(patient.getValue());
		exam.addComponent().setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(CODES, code + "-a", null)))
				.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(3));
		exam.addComponent().setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(CODES, code + "-b", null)))
				.setValue(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(CODES, "present", null)));
		exam.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(4.5));
		String id = id(client().create().resource(exam).execute().getId()).getValue();

		assertThat(ids(search("Observation?component-code-value-quantity=" + CODES + "|" + code + "-a$ge3")))
				.containsExactly(id);
		assertThat(search("Observation?component-code-value-quantity=" + CODES + "|" + code + "-a$gt3").getEntry())
				.isEmpty();
		assertThat(ids(search("Observation?component-code-value-concept=" + CODES + "|" + code + "-b$" + CODES + "|present")))
				.containsExactly(id);
		assertThat(search("Observation?component-code-value-concept=" + CODES + "|" + code + "-b$" + CODES + "|absent")
				.getEntry()).isEmpty();
		assertThat(ids(search("Observation?code-value-quantity=" + CODES + "|" + code + "-exam$4.5"))).containsExactly(id);
		assertThat(search("Observation?code-value-quantity=" + CODES + "|" + code + "-exam$5").getEntry()).isEmpty();
	}

	private Bundle search(String url) {
		return client().search().byUrl(url).returnBundle(Bundle.class).execute();
	}

	private void createPatient(String familyName, String birthDate) {
		Patient pt = new Patient();
		pt.addName().setFamily(familyName);
		pt.setBirthDateElement(new DateType(birthDate));
		client().create().resource(pt).execute();
	}

	private static List<String> birthDates(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(e -> ((Patient) e.getResource()).getBirthDateElement().getValueAsString()).toList();
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(e -> ((Resource) e.getResource()).getIdElement().toUnqualifiedVersionless().getValue()).toList();
	}

	private static IdType id(org.hl7.fhir.instance.model.api.IIdType id) {
		return new IdType(id.getResourceType(), id.getIdPart());
	}
}

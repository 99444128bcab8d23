package org.msfhir.bulkexport;

import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.msfhir.bulkexport.deid.AdversarialRecords;
import org.msfhir.support.MsTestData;

/**
 * De-identified exports a study can link: the same research project gets the same pseudonyms and date
 * shifts in every export and increment, other projects cannot join them, every resource of a patient
 * moves by that patient's offset, and nothing planted in an adversarial record comes out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkableDeidentificationIT extends BulkExportTestBase {

	private String groupId;
	private String adversarialGroupId;
	private String patientA;
	private final List<String> originalIds = new ArrayList<>();

	@BeforeAll
	void createData() {
		String neurologist = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Shared")));
		patientA = create(MsTestData.patient("Linkable", "Anna", "1980-04-10", "Bern"));
		String patientB = create(MsTestData.patient("Linkable", "Berta", "1975-09-21", "Basel"));
		Observation edssA = MsTestData.edss(patientA, 3.0, "2023-03-15T10:30:00+01:00");
		edssA.addPerformer(new Reference("Practitioner/" + neurologist));
		create(edssA);
		Observation edssB = MsTestData.edss(patientB, 6.5, "2023-03-15T10:30:00+01:00");
		edssB.addPerformer(new Reference("Practitioner/" + neurologist));
		create(edssB);
		create(MsTestData.diagnosis(patientA, MsTestData.RRMS, "Relapsing remitting multiple sclerosis", "2019-07-01"));
		create(MsTestData.diagnosis(patientB, MsTestData.SPMS, "Secondary progressive multiple sclerosis", "2019-07-01"));
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + patientA));
		group.addMember().setEntity(new Reference("Patient/" + patientB));
		groupId = create(group);

		String gp = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Zebulon-Arzt")));
		String adversarial = create(AdversarialRecords.patient());
		Observation planted = AdversarialRecords.observation(adversarial, gp);
		// the server refuses Observations with unknown code systems and extensions (DeidentifierTest covers those)
		planted.getMeta().getTag().clear();
		planted.getExtension().clear();
		planted.getComponent().clear();
		planted.getCode().getCoding().removeIf(c -> !c.getSystem().equals(MsTestData.MS_CONCEPTS));
		create(planted);
		Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true).setName("Zebulon cohort");
		cohort.addMember().setEntity(new Reference("Patient/" + adversarial).setDisplay("Quintessa Zebulonowski"));
		adversarialGroupId = create(cohort);
	}

	private String create(IBaseResource resource) {
		String id = client().create().resource(resource).execute().getId().getIdPart();
		originalIds.add(id);
		return id;
	}

	/** A Group with the members of {@link #groupId}, created (and so owned) by the token's client. */
	private String sameMembersAs(String token) {
		Group copy = new Group().setType(Group.GroupType.PERSON).setActual(true);
		client().read().resource(Group.class).withId(groupId).execute().getMember()
				.forEach(member -> copy.addMember().setEntity(member.getEntity()));
		HttpResponse<String> created = send(anonymousRequest("Group")
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(copy))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = fhirContext.newJsonParser().parseResource(Group.class, created.body()).getIdElement().getIdPart();
		originalIds.add(id);
		return id;
	}

	private Map<String, List<IBaseResource>> exportAs(String token, String query) {
		return downloadAllAs(token, awaitManifestAs(token, statusUrl(kickOffAs(token, query))));
	}

	/** EDSS value -> (subject pseudonym, shift in days of the EDSS date). */
	private static Map<Double, Object[]> edssBySubject(List<IBaseResource> observations) {
		Map<Double, Object[]> out = new HashMap<>();
		for (IBaseResource r : observations) {
			Observation o = (Observation) r;
			out.put(o.getValueQuantity().getValue().doubleValue(), new Object[] {
				o.getSubject().getReference(), shift("2023-03-15", o.getEffectiveDateTimeType().getValueAsString())
			});
		}
		return out;
	}

	private static long shift(String original, String shifted) {
		return ChronoUnit.DAYS.between(LocalDate.parse(original), LocalDate.parse(shifted.substring(0, 10)));
	}

	@Test
	void repeatExportsAndSinceIncrementsJoinOnPseudonymsAndShifts() {
		String token = fullAccessToken();
		String query = "Group/" + groupId + "/$export?deidentify=true&_type=Patient,Observation,Condition";
		JsonNode baselineManifest = awaitManifestAs(token, statusUrl(kickOffAs(token, query)));
		assertThat(baselineManifest.get("extension").get("http://msfhir.org/fhir/bulk-export/project").asText())
				.isEqualTo("ms-trial");
		Map<String, List<IBaseResource>> baseline = downloadAllAs(token, baselineManifest);
		Map<String, List<IBaseResource>> repeat = exportAs(token, query);

		assertThat(new TreeSet<>(ids(repeat.get("Patient")))).isEqualTo(new TreeSet<>(ids(baseline.get("Patient"))));
		Map<Double, Object[]> first = edssBySubject(baseline.get("Observation"));
		Map<Double, Object[]> second = edssBySubject(repeat.get("Observation"));
		assertThat(second.get(3.0)).containsExactly(first.get(3.0));
		assertThat(second.get(6.5)).containsExactly(first.get(6.5));

		// each patient's diagnosis moved by that patient's EDSS shift, though the EDSS names a shared performer
		for (IBaseResource r : baseline.get("Condition")) {
			Condition c = (Condition) r;
			double edss = c.getCode().getCodingFirstRep().getCode().equals(MsTestData.RRMS) ? 3.0 : 6.5;
			assertThat(c.getSubject().getReference()).isEqualTo(first.get(edss)[0]);
			assertThat(shift("2019-07-01", c.getOnsetDateTimeType().getValueAsString())).isEqualTo(first.get(edss)[1]);
		}
		assertThat(first.get(3.0)[1]).isNotEqualTo(first.get(6.5)[1]);

		// a _since increment joins the baseline
		String since = baselineManifest.get("transactionTime").asText();
		client().create().resource(MsTestData.edss(patientA, 3.5, "2023-09-15T10:30:00+01:00")).execute();
		Map<String, List<IBaseResource>> increment = exportAs(token,
				query + "&_since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
		assertThat(increment.get("Observation")).singleElement().satisfies(r -> {
			Observation o = (Observation) r;
			assertThat(o.getSubject().getReference()).isEqualTo(first.get(3.0)[0]);
			assertThat(shift("2023-09-15", o.getEffectiveDateTimeType().getValueAsString())).isEqualTo(first.get(3.0)[1]);
		});
	}

	@Test
	void aNamedProjectSharesPseudonymsOtherProjectsCannotJoin() {
		String query = "Group/" + groupId + "/$export?deidentify=true&_type=Patient,Observation";
		Map<String, List<IBaseResource>> own = exportAs(fullAccessToken(), query);
		// a cohort Group belongs to the client that made it: each client exports its own Group of the same patients
		String partnerToken = tokenOf("trial-partner", "system/*.rs system/Group.c");
		Map<String, List<IBaseResource>> partner = exportAs(partnerToken,
				"Group/" + sameMembersAs(partnerToken) + "/$export?deidentify=true&_type=Patient,Observation");
		String otherToken = tokenOf("other-lab", "system/*.rs system/Group.c");
		String otherQuery = "Group/" + sameMembersAs(otherToken) + "/$export?deidentify=true&_type=Patient,Observation";
		JsonNode otherManifest = awaitManifestAs(otherToken, statusUrl(kickOffAs(otherToken, otherQuery)));
		assertThat(otherManifest.get("extension").get("http://msfhir.org/fhir/bulk-export/project").asText())
				.isEqualTo("other-lab");
		Map<String, List<IBaseResource>> other = downloadAllAs(otherToken, otherManifest);

		assertThat(new TreeSet<>(ids(partner.get("Patient")))).isEqualTo(new TreeSet<>(ids(own.get("Patient"))));
		Set<String> ownIds = new TreeSet<>(ids(own.get("Patient")));
		ownIds.addAll(ids(own.get("Observation")));
		Set<String> otherIds = new TreeSet<>(ids(other.get("Patient")));
		otherIds.addAll(ids(other.get("Observation")));
		assertThat(otherIds).hasSize(ownIds.size()).doesNotContainAnyElementsOf(ownIds);
	}

	@Test
	void nothingPlantedInAnAdversarialRecordComesOut() {
		String token = fullAccessToken();
		JsonNode manifest = awaitManifestAs(token,
				statusUrl(kickOffAs(token, "Group/" + adversarialGroupId + "/$export?deidentify=true")));
		List<String> forbidden = new ArrayList<>(List.of(AdversarialRecords.MARKER.toLowerCase(Locale.ROOT),
				AdversarialRecords.BIRTH_DATE, "2024-02-29", "example.org", "quintessa", "urn:"));
		for (String id : originalIds) {
			forbidden.add("/" + id + "\"");
			forbidden.add("\"id\":\"" + id + "\"");
		}
		Set<String> types = new TreeSet<>();
		for (JsonNode output : manifest.get("output")) {
			types.add(output.get("type").asText());
			for (String line : send(as(token, output.get("url").asText()).GET()).body().lines().toList()) {
				for (String value : forbidden) {
					assertThat(line.toLowerCase(Locale.ROOT)).as("a %s line", output.get("type").asText()).doesNotContain(value);
				}
			}
		}
		assertThat(types).contains("Patient", "Observation");
	}

}

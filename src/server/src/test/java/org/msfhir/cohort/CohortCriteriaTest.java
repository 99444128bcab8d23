package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;
import org.msfhir.guide.MsMedicines.Medicine;

class CohortCriteriaTest {

	private final CohortCriteriaParser parser = new CohortCriteriaParser(
			url -> url.equals("http://example.org/vs") ? Set.of(MsCodes.ATC + "|L04AE03") : null);

	@Test
	void s1pGroupCodeCoversTheFourModulatorsWithTheirAliases() {
		assertThat(MsCodes.medicines(MsCodes.ATC, "L04AE")).extracting(Medicine::name)
				.containsExactlyInAnyOrder("fingolimod", "siponimod", "ozanimod", "ponesimod");
		assertThat(MsCodes.medicines(MsCodes.ATC, "L04AA27")).extracting(Medicine::name).containsExactly("fingolimod");
		assertThat(MsCodes.medicines(MsCodes.RXNORM, "1012892")).extracting(Medicine::name).containsExactly("fingolimod");
		assertThat(MsCodes.medicines(MsCodes.ATC, "L04XX99")).isEmpty();
		assertThat(MsCodes.medicines(MsCodes.ATC, "L")).isEmpty(); // too broad to be a criterion
	}

	@Test
	void criteriaSurviveTheRoundTripThroughTheGroup() {
		Parameters in = new Parameters();
		in.addParameter().setName("name").setValue(new StringType("test cohort"));
		in.addParameter().setName("diagnosis").setValue(new Coding(MsCodes.SNOMED, "425500002", null));
		in.addParameter().setName("diagnosis-date-from").setValue(new DateType("2000-01-01"));
		in.addParameter().setName("medication").setValue(new Coding(MsCodes.ATC, "L04AE", null));
		in.addParameter().setName("medication-valueset").setValue(new UriType("http://example.org/vs"));
		in.addParameter().setName("medication-status").setValue(new CodeType("ever"));
		in.addParameter().setName("edss-min").setValue(new DecimalType("6.0"));
		in.addParameter().setName("edss-at-date").setValue(new DateType("2022-01-01"));
		in.addParameter().setName("edss-at-date-max").setValue(new DecimalType("4.5"));
		in.addParameter().setName("age-min").setValue(new IntegerType(18));
		in.addParameter().setName("age-max").setValue(new IntegerType(65));
		CohortCriteria criteria = parser.parse(in);

		CohortGroups groups = new CohortGroups();
		Group group = groups.write(new Group(), criteria, LocalDate.parse("2026-01-01"), Set.of("a", "b"));
		CohortCriteria back = parser.parse(groups.read(group));
		assertThat(back).isEqualTo(criteria);
		assertThat(CohortGroups.members(group)).containsExactly("a", "b");
	}
}

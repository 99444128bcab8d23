package org.msfhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
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

	// --- new criteria: round trip, rejections (each with the good case next to it) ---

	private static Parameters params(Object... nameValues) {
		Parameters parameters = new Parameters();
		for (int i = 0; i < nameValues.length; i += 2) {
			Object value = nameValues[i + 1];
			if (value instanceof Parameters.ParametersParameterComponent group) {
				parameters.addParameter(group.setName((String) nameValues[i]));
			} else {
				parameters.addParameter().setName((String) nameValues[i]).setValue((Type) value);
			}
		}
		return parameters;
	}

	private static Parameters.ParametersParameterComponent group(Object... nameValues) {
		Parameters.ParametersParameterComponent group = new Parameters.ParametersParameterComponent();
		params(nameValues).getParameter().forEach(group::addPart);
		return group;
	}

	@Test
	void newCriteriaAndNestedGroupsSurviveTheRoundTripThroughTheGroup() {
		Parameters in = params(
				"name", new StringType("analytic cohort"),
				"diagnosis", new Coding(MsCodes.SNOMED, "24700007", null),
				"sex", new CodeType("female"), "sex", new CodeType("other"),
				"disease-duration-min", new DecimalType("2.5"), "disease-duration-max", new IntegerType(20),
				"period-start", new DateType("2023-01-01"), "period-end", new DateType("2024-12-31"),
				"relapse-count-min", new IntegerType(1), "relapse-count-max", new IntegerType(3),
				"relapse-rate-max", new DecimalType("1.5"),
				"worsening", new CodeType("pira"), "worsening-measure", new CodeType("any"),
				"edss-change-min", new DecimalType("-1.0"), "neda3", new BooleanType(false),
				"lublin-activity", new CodeType("active"), "lublin-progression", new CodeType("without-progression"),
				"t25fw-max", new DecimalType("8.5"), "9hpt-min", new DecimalType(20), "sdmt-max", new IntegerType(40),
				"mfis-min", new IntegerType(38), "pain-max", new IntegerType(4),
				"lines-of-therapy-min", new IntegerType(2), "switches-max", new IntegerType(1),
				"exclude", group("medication-valueset", new UriType("http://example.org/vs"),
						"medication-status", new CodeType("ever")),
				"exclude", group("relapse-count-min", new IntegerType(1), "period-start", new DateType("2025-01-01")),
				"any-of", group("worsening", new CodeType("raw"), "edss-min", new DecimalType(4)),
				"any-of", group("age-max", new IntegerType(40), "sdmt-min", new IntegerType(30)));
		CohortCriteria criteria = parser.parse(in);
		assertThat(criteria.excludes()).hasSize(2);
		assertThat(criteria.anyOf()).hasSize(2);
		assertThat(criteria.analytic().bounds()).hasSize(10);
		assertThat(criteria.anyOf().get(0).analytic().worsening().measure()).isEqualTo(AnalyticCriteria.WorseningMeasure.EDSS);

		CohortGroups groups = new CohortGroups();
		Group group = groups.write(new Group(), criteria, LocalDate.parse("2026-01-01"), Set.of("a"));
		assertThat(group.getCharacteristic()).filteredOn(c -> c.hasExtension(CohortGroups.GROUP_EXTENSION))
				.extracting(c -> c.getExtensionByUrl(CohortGroups.GROUP_EXTENSION).getValue().primitiveValue())
				.containsExactly("exclude-1", "exclude-2", "any-of-1", "any-of-1", "any-of-2", "any-of-2");
		assertThat(group.getCharacteristic()).filteredOn(Group.GroupCharacteristicComponent::getExclude).hasSize(2);
		assertThat(group.getCharacteristic()).filteredOn(c -> "relapse-count".equals(c.getCode().getText()))
				.first().satisfies(c -> assertThat(c.getPeriod().getStartElement().getValueAsString()).isEqualTo("2023-01-01"));
		CohortCriteria back = parser.parse(groups.read(group));
		assertThat(back).isEqualTo(criteria);
	}

	@Test
	void everyRuleOfTheNewCriteriaIsA400NamingTheParameterAndItsGoodCaseIsAccepted() {
		record Rule(String parameter, Parameters bad, Parameters good) {}
		List<Rule> rules = List.of(
				new Rule("relapse-count-min", params("relapse-count-min", new DecimalType("1.5")),
						params("relapse-count-min", new IntegerType(1))),
				new Rule("relapse-count-min", params("relapse-count-min", new IntegerType(3), "relapse-count-max", new IntegerType(2)),
						params("relapse-count-min", new IntegerType(2), "relapse-count-max", new IntegerType(2))),
				new Rule("relapse-rate-min", params("relapse-rate-min", new DecimalType("-0.1")),
						params("relapse-rate-min", new DecimalType("0.1"))),
				new Rule("worsening", params("worsening", new CodeType("sometimes")), params("worsening", new CodeType("pira"))),
				new Rule("worsening-measure", params("age-min", new IntegerType(1), "worsening-measure", new CodeType("edss")),
						params("worsening", new CodeType("any"), "worsening-measure", new CodeType("edss"))),
				new Rule("worsening-measure", params("worsening", new CodeType("raw"), "worsening-measure", new CodeType("mri")),
						params("worsening", new CodeType("raw"), "worsening-measure", new CodeType("9hpt"))),
				new Rule("edss-change-min", params("edss-change-min", new DecimalType(2), "edss-change-max", new DecimalType(1)),
						params("edss-change-min", new DecimalType(-2), "edss-change-max", new DecimalType(1))),
				new Rule("edss-change-max", params("edss-change-max", new DecimalType(11)), params("edss-change-max", new DecimalType(10))),
				new Rule("neda3", params("neda3", new StringType("yes")), params("neda3", new BooleanType(true))),
				new Rule("sex", params("sex", new CodeType("f")), params("sex", new CodeType("female"), "sex", new CodeType("unknown"))),
				new Rule("sex", params("sex", new DecimalType(1)), params("sex", new CodeType("male"))),
				new Rule("disease-duration-min", params("disease-duration-min", new DecimalType(-1)),
						params("disease-duration-min", new DecimalType(0))),
				new Rule("disease-duration-min", params("disease-duration-min", new IntegerType(10), "disease-duration-max", new IntegerType(5)),
						params("disease-duration-min", new IntegerType(5), "disease-duration-max", new DecimalType("10.5"))),
				new Rule("t25fw-min", params("t25fw-min", new StringType("fast")), params("t25fw-min", new DecimalType("6.5"))),
				new Rule("9hpt-max", params("9hpt-max", new IntegerType(301)), params("9hpt-max", new IntegerType(300))),
				new Rule("sdmt-max", params("sdmt-max", new IntegerType(111)), params("sdmt-max", new IntegerType(110))),
				new Rule("mfis-min", params("mfis-min", new IntegerType(85)), params("mfis-min", new IntegerType(38))),
				new Rule("pain-max", params("pain-max", new DecimalType(11)), params("pain-max", new DecimalType(10))),
				new Rule("lublin-activity", params("lublin-activity", new CodeType("yes")), params("lublin-activity", new CodeType("not-active"))),
				new Rule("lublin-progression", params("lublin-progression", new CodeType("progressing")),
						params("lublin-progression", new CodeType("indeterminate"))),
				new Rule("lines-of-therapy-min", params("lines-of-therapy-min", new DecimalType("1.5")),
						params("lines-of-therapy-min", new IntegerType(2))),
				new Rule("switches-min", params("switches-min", new IntegerType(2), "switches-max", new IntegerType(1)),
						params("switches-min", new IntegerType(1), "switches-max", new IntegerType(1))),
				new Rule("period-start", params("neda3", new BooleanType(true), "period-start", new DateType("2024-01-01"),
								"period-end", new DateType("2023-12-31")),
						params("neda3", new BooleanType(true), "period-start", new DateType("2024-01-01"), "period-end", new DateType("2024-01-01"))),
				new Rule("period-start", params("sdmt-min", new IntegerType(40), "period-start", new DateType("2024-01-01")),
						params("relapse-rate-min", new DecimalType(1), "period-start", new DateType("2024-01-01"))),
				new Rule("period-end", params("relapse-count-min", new IntegerType(1), "period-end", new DateType("2024")),
						params("relapse-count-min", new IntegerType(1), "period-end", new DateType("2024-06-30"))),
				new Rule("exclude", params("age-min", new IntegerType(18), "exclude", new Parameters.ParametersParameterComponent()
								.setValue(new StringType("x"))),
						params("age-min", new IntegerType(18), "exclude", group("age-min", new IntegerType(60)))),
				new Rule("exclude", params("age-min", new IntegerType(18), "exclude", group()),
						params("exclude", group("sex", new CodeType("male")))),
				new Rule("exclude", params("exclude", group("medication-status", new CodeType("ever"))),
						params("exclude", group("medication", new Coding(MsCodes.ATC, "L04AE", null), "medication-status", new CodeType("ever")))),
				new Rule("exclude", params("any-of", group("exclude", group("age-min", new IntegerType(1)))),
						params("any-of", group("age-min", new IntegerType(1)), "exclude", group("age-min", new IntegerType(90)))),
				new Rule("name", params("any-of", group("name", new StringType("n"), "age-min", new IntegerType(1))),
						params("name", new StringType("n"), "any-of", group("age-min", new IntegerType(1)))),
				new Rule("bogus", params("any-of", group("bogus", new IntegerType(1))),
						params("any-of", group("age-max", new IntegerType(1)))),
				new Rule("sdmt-min", params("any-of", group("sdmt-min", new IntegerType(1), "sdmt-min", new IntegerType(2))),
						params("any-of", group("sdmt-min", new IntegerType(1)), "any-of", group("sdmt-min", new IntegerType(2)))));
		for (Rule rule : rules) {
			assertThatThrownBy(() -> parser.parse(rule.bad())).as(rule.parameter())
					.isInstanceOf(InvalidRequestException.class).hasMessageContaining("'" + rule.parameter() + "'");
			assertThatCode(() -> parser.parse(rule.good())).as("good case of " + rule.parameter()).doesNotThrowAnyException();
		}
	}

	@Test
	void analyticCriteriaWithTheAnalyticsDisabledAreA400AndSearchCriteriaStillWork() {
		CohortEvaluator withoutAnalytics = new CohortEvaluator(null, 500, null);
		CohortCriteria analytic = parser.parse(params("relapse-count-min", new IntegerType(1)));
		assertThatThrownBy(() -> withoutAnalytics.evaluate(analytic, LocalDate.parse("2026-01-01")))
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("'relapse-count-min'").hasMessageContaining("disabled");
		CohortCriteria nested = parser.parse(params("age-min", new IntegerType(1),
				"exclude", group("neda3", new BooleanType(true))));
		assertThatThrownBy(() -> withoutAnalytics.evaluate(nested, LocalDate.parse("2026-01-01")))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("'neda3'");
		assertThat(parser.parse(params("age-min", new IntegerType(1))).usesAnalytics()).isFalse();
	}

	@Test
	void aWindowStartingAfterTheEvaluationDateIsA400() {
		CohortEvaluator evaluator = new CohortEvaluator(null, 500, new AnalyticFilter(null, null, 200));
		CohortCriteria late = parser.parse(params("relapse-count-min", new IntegerType(1), "period-start", new DateType("2027-01-01")));
		assertThatThrownBy(() -> evaluator.evaluate(late, LocalDate.parse("2026-01-01")))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("'period-start'");
		CohortCriteria fine = parser.parse(params("relapse-count-min", new IntegerType(1), "period-start", new DateType("2026-01-01")));
		assertThatCode(() -> AnalyticFilter.checkWindow(fine.analytic(), LocalDate.parse("2026-01-01"))).doesNotThrowAnyException();
	}
}

package org.msfhir.cohort;

import static org.msfhir.cohort.CohortCriteriaParser.AGE_MAX;
import static org.msfhir.cohort.CohortCriteriaParser.AGE_MIN;
import static org.msfhir.cohort.CohortCriteriaParser.DIAGNOSIS;
import static org.msfhir.cohort.CohortCriteriaParser.DIAGNOSIS_DATE_FROM;
import static org.msfhir.cohort.CohortCriteriaParser.DIAGNOSIS_DATE_TO;
import static org.msfhir.cohort.CohortCriteriaParser.EDSS_AT_DATE;
import static org.msfhir.cohort.CohortCriteriaParser.EDSS_AT_DATE_MAX;
import static org.msfhir.cohort.CohortCriteriaParser.EDSS_AT_DATE_MIN;
import static org.msfhir.cohort.CohortCriteriaParser.EDSS_MAX;
import static org.msfhir.cohort.CohortCriteriaParser.EDSS_MIN;
import static org.msfhir.cohort.CohortCriteriaParser.MEDICATION;
import static org.msfhir.cohort.CohortCriteriaParser.MEDICATION_STATUS;
import static org.msfhir.cohort.CohortCriteriaParser.MEDICATION_VALUESET;
import static org.msfhir.cohort.CohortCriteriaParser.DISEASE_DURATION_MAX;
import static org.msfhir.cohort.CohortCriteriaParser.DISEASE_DURATION_MIN;
import static org.msfhir.cohort.CohortCriteriaParser.LUBLIN_ACTIVITY;
import static org.msfhir.cohort.CohortCriteriaParser.LUBLIN_PROGRESSION;
import static org.msfhir.cohort.CohortCriteriaParser.NAME;
import static org.msfhir.cohort.CohortCriteriaParser.NEDA3;
import static org.msfhir.cohort.CohortCriteriaParser.PERIOD_END;
import static org.msfhir.cohort.CohortCriteriaParser.PERIOD_START;
import static org.msfhir.cohort.CohortCriteriaParser.SEX;
import static org.msfhir.cohort.CohortCriteriaParser.WORSENING;
import static org.msfhir.cohort.CohortCriteriaParser.WORSENING_MEASURE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.msfhir.guide.MsTerminology;

/**
 * Writes cohort criteria into a Group's {@code characteristic}s (one per criterion, named by
 * {@code code.text}, plus one {@code evaluation-date}) and reads them back for re-evaluation. The
 * layout is described in {@code docs/cohorts.md}.
 */
public class CohortGroups {

	static final String EVALUATION = "evaluation-date";
	static final String DIAGNOSIS_DATE = "diagnosis-date";
	static final String EDSS_LATEST = "edss-latest";
	static final String AGE = "age";
	static final String DISEASE_DURATION = "disease-duration";
	/**
	 * Marks a characteristic that belongs to a nested criteria group; valueString names the group
	 * ({@code exclude-1}, {@code any-of-2}, ...). Criteria of one group are combined with AND.
	 */
	public static final String GROUP_EXTENSION = MsTerminology.CANONICAL + "/StructureDefinition/ms-cohort-criteria-group";
	static final String ADMINISTRATIVE_GENDER = "http://hl7.org/fhir/administrative-gender";
	private static final String UCUM = MsTerminology.UCUM;

	/** Fills the Group (new or existing) with criteria, evaluation date and members. */
	public Group write(Group group, CohortCriteria criteria, LocalDate evaluatedAt, Set<String> members) {
		group.setType(Group.GroupType.PERSON);
		group.setActual(true);
		if (criteria.name() != null) {
			group.setName(criteria.name());
		}
		group.getCharacteristic().clear();
		writeCriteria(group, criteria, null);
		for (int i = 0; i < criteria.excludes().size(); i++) {
			writeCriteria(group, criteria.excludes().get(i), CohortCriteriaParser.EXCLUDE + "-" + (i + 1));
		}
		for (int i = 0; i < criteria.anyOf().size(); i++) {
			writeCriteria(group, criteria.anyOf().get(i), CohortCriteriaParser.ANY_OF + "-" + (i + 1));
		}
		add(group, null, EVALUATION, null).setValue(new BooleanType(true)).setPeriod(day(evaluatedAt));
		group.getMember().clear();
		members.forEach(id -> group.addMember().setEntity(new Reference("Patient/" + id)));
		group.setQuantity(members.size());
		return group;
	}

	/** One criteria group's characteristics; {@code key} names a nested group, null at the top. */
	private static void writeCriteria(Group group, CohortCriteria criteria, String key) {
		if (criteria.hasDiagnosis()) {
			CodeableConcept value = new CodeableConcept();
			criteria.diagnosisCodings().forEach(pair -> value.addCoding(coding(pair)));
			add(group, key, DIAGNOSIS, null).setValue(value);
		}
		if (criteria.hasDiagnosisDate()) {
			Period period = new Period();
			if (criteria.diagnosisFrom() != null) {
				period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(criteria.diagnosisFrom().toString()));
			}
			if (criteria.diagnosisTo() != null) {
				period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(criteria.diagnosisTo().toString()));
			}
			add(group, key, DIAGNOSIS_DATE, null).setValue(new BooleanType(true)).setPeriod(period);
		}
		String status = criteria.medicationStatus().code();
		if (!criteria.medicationCodings().isEmpty()) {
			CodeableConcept value = new CodeableConcept();
			criteria.medicationCodings().forEach(pair -> value.addCoding(coding(pair)));
			add(group, key, MEDICATION + "-" + status, null).setValue(value);
		}
		if (criteria.medicationValueSet() != null) {
			add(group, key, MEDICATION_VALUESET + "-" + status, null)
					.setValue(new Reference(criteria.medicationValueSet()).setType("ValueSet"));
		}
		if (criteria.hasLatestEdss()) {
			add(group, key, EDSS_LATEST, edssCoding()).setValue(range(criteria.edssMin(), criteria.edssMax(), null));
		}
		if (criteria.hasEdssAtDate()) {
			add(group, key, EDSS_AT_DATE, edssCoding())
					.setValue(range(criteria.edssAtDateMin(), criteria.edssAtDateMax(), null))
					.setPeriod(day(criteria.edssAtDate()));
		}
		if (criteria.hasAge()) {
			add(group, key, AGE, null).setValue(range(
					criteria.ageMin() == null ? null : BigDecimal.valueOf(criteria.ageMin()),
					criteria.ageMax() == null ? null : BigDecimal.valueOf(criteria.ageMax()), "a"));
		}
		if (criteria.hasSex()) {
			CodeableConcept value = new CodeableConcept();
			criteria.sexes().stream().sorted().forEach(code -> value.addCoding(new Coding(ADMINISTRATIVE_GENDER, code, null)));
			add(group, key, SEX, null).setValue(value);
		}
		if (criteria.hasDiseaseDuration()) {
			add(group, key, DISEASE_DURATION, null)
					.setValue(range(criteria.diseaseDuration().min(), criteria.diseaseDuration().max(), "a"));
		}
		AnalyticCriteria analytic = criteria.analytic();
		Period window = window(analytic);
		for (AnalyticBound bound : AnalyticBound.values()) {
			NumberRange range = analytic.bounds().get(bound);
			if (range != null) {
				var c = add(group, key, bound.parameter(), null).setValue(range(range.min(), range.max(), null));
				if (bound.windowed() && window != null) {
					c.setPeriod(window.copy());
				}
			}
		}
		if (analytic.worsening() != null) {
			AnalyticCriteria.WorseningMeasure measure = analytic.worsening().measure();
			Coding measureCoding = measure == AnalyticCriteria.WorseningMeasure.ANY ? null
					: new Coding(MsCodes.MS_CONCEPTS, measureCode(measure), null);
			add(group, key, WORSENING, measureCoding, window)
					.setValue(new CodeableConcept().setText(analytic.worsening().kind().code()));
		}
		if (analytic.neda3() != null) {
			add(group, key, NEDA3, null, window).setValue(new BooleanType(analytic.neda3()));
		}
		if (analytic.lublinActivity() != null) {
			add(group, key, LUBLIN_ACTIVITY, null, window)
					.setValue(new CodeableConcept().setText(AnalyticCriteria.code(analytic.lublinActivity())));
		}
		if (analytic.lublinProgression() != null) {
			add(group, key, LUBLIN_PROGRESSION, null, window)
					.setValue(new CodeableConcept().setText(AnalyticCriteria.code(analytic.lublinProgression())));
		}
	}

	private static String measureCode(AnalyticCriteria.WorseningMeasure measure) {
		return switch (measure) {
			case EDSS -> MsTerminology.MSC_EDSS;
			case T25FW -> MsTerminology.MSC_T25FW;
			case NHPT -> MsTerminology.MSC_9HPT;
			case SDMT -> MsTerminology.MSC_SDMT;
			case ANY -> null;
		};
	}

	private static AnalyticCriteria.WorseningMeasure measureOf(String code) {
		for (AnalyticCriteria.WorseningMeasure m : AnalyticCriteria.WorseningMeasure.values()) {
			if (m != AnalyticCriteria.WorseningMeasure.ANY && measureCode(m).equals(code)) {
				return m;
			}
		}
		return null;
	}

	/** The explicit window of a group ({@code period-start} / {@code period-end}), or null. */
	private static Period window(AnalyticCriteria analytic) {
		if (analytic.periodStart() == null && analytic.periodEnd() == null) {
			return null;
		}
		Period period = new Period();
		if (analytic.periodStart() != null) {
			period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(analytic.periodStart().toString()));
		}
		if (analytic.periodEnd() != null) {
			period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(analytic.periodEnd().toString()));
		}
		return period;
	}

	/** The criteria stored in a Group, as {@code $ms-cohort} parameters; empty if it has none. */
	public Parameters read(Group group) {
		Parameters out = new Parameters();
		if (group.hasName()) {
			out.addParameter().setName(NAME).setValue(new StringType(group.getName()));
		}
		Map<String, Parameters> nested = new LinkedHashMap<>();
		for (Group.GroupCharacteristicComponent c : group.getCharacteristic()) {
			Extension marker = c.getExtensionByUrl(GROUP_EXTENSION);
			String key = marker == null ? null : marker.getValue().primitiveValue();
			readCriterion(key == null ? out : nested.computeIfAbsent(key, k -> new Parameters()), c);
		}
		nested.forEach((key, parameters) -> {
			Parameters.ParametersParameterComponent p = out.addParameter()
					.setName(key.startsWith(CohortCriteriaParser.EXCLUDE + "-") ? CohortCriteriaParser.EXCLUDE
							: CohortCriteriaParser.ANY_OF);
			parameters.getParameter().forEach(p::addPart);
		});
		return out;
	}

	private static void readCriterion(Parameters out, Group.GroupCharacteristicComponent c) {
		String kind = c.getCode().getText();
		if (kind == null) {
			return;
		}
		AnalyticBound bound = AnalyticBound.ofName(kind);
		if (bound != null) {
			bounds(out, c.getValueRange(), bound.minParameter(), bound.maxParameter(), bound.integer());
			period(out, c);
			return;
		}
		switch (kind) {
			case SEX -> c.getValueCodeableConcept().getCoding()
					.forEach(coding -> out.addParameter().setName(SEX).setValue(new CodeType(coding.getCode())));
			case DISEASE_DURATION -> bounds(out, c.getValueRange(), DISEASE_DURATION_MIN, DISEASE_DURATION_MAX, false);
			case WORSENING -> {
				out.addParameter().setName(WORSENING).setValue(new CodeType(c.getValueCodeableConcept().getText()));
				AnalyticCriteria.WorseningMeasure measure = c.getCode().hasCoding()
						? measureOf(c.getCode().getCodingFirstRep().getCode()) : AnalyticCriteria.WorseningMeasure.ANY;
				out.addParameter().setName(WORSENING_MEASURE)
						.setValue(new CodeType(measure == null ? c.getCode().getCodingFirstRep().getCode() : measure.code()));
				period(out, c);
			}
			case NEDA3 -> {
				out.addParameter().setName(NEDA3).setValue(new BooleanType(c.getValueBooleanType().getValue()));
				period(out, c);
			}
			case LUBLIN_ACTIVITY, LUBLIN_PROGRESSION -> {
				out.addParameter().setName(kind).setValue(new CodeType(c.getValueCodeableConcept().getText()));
				period(out, c);
			}
		case DIAGNOSIS -> c.getValueCodeableConcept().getCoding()
					.forEach(coding -> out.addParameter().setName(DIAGNOSIS).setValue(coding.copy()));
			case DIAGNOSIS_DATE -> {
				if (c.getPeriod().hasStart()) {
					out.addParameter().setName(DIAGNOSIS_DATE_FROM).setValue(date(c.getPeriod().getStartElement()));
				}
				if (c.getPeriod().hasEnd()) {
					out.addParameter().setName(DIAGNOSIS_DATE_TO).setValue(date(c.getPeriod().getEndElement()));
				}
			}
			case "medication-current", "medication-ever" -> {
				c.getValueCodeableConcept().getCoding()
						.forEach(coding -> out.addParameter().setName(MEDICATION).setValue(coding.copy()));
				status(out, kind);
			}
			case "medication-valueset-current", "medication-valueset-ever" -> {
				out.addParameter().setName(MEDICATION_VALUESET)
						.setValue(new UriType(c.getValueReference().getReference()));
				status(out, kind);
			}
			case EDSS_LATEST -> bounds(out, c.getValueRange(), EDSS_MIN, EDSS_MAX, false);
			case EDSS_AT_DATE -> {
				out.addParameter().setName(EDSS_AT_DATE).setValue(date(c.getPeriod().getStartElement()));
				bounds(out, c.getValueRange(), EDSS_AT_DATE_MIN, EDSS_AT_DATE_MAX, false);
			}
			case AGE -> bounds(out, c.getValueRange(), AGE_MIN, AGE_MAX, true);
			default -> {
				// evaluation-date and unknown entries are not criteria
			}
		}
	}

	/** Adds the group's window once, from the first windowed criterion that carries it. */
	private static void period(Parameters out, Group.GroupCharacteristicComponent c) {
		if (!c.hasPeriod() || out.getParameter().stream()
				.anyMatch(p -> PERIOD_START.equals(p.getName()) || PERIOD_END.equals(p.getName()))) {
			return;
		}
		if (c.getPeriod().hasStart()) {
			out.addParameter().setName(PERIOD_START).setValue(date(c.getPeriod().getStartElement()));
		}
		if (c.getPeriod().hasEnd()) {
			out.addParameter().setName(PERIOD_END).setValue(date(c.getPeriod().getEndElement()));
		}
	}

	/** The Group's current member ids. */
	public static Set<String> members(Group group) {
		Set<String> ids = new java.util.TreeSet<>();
		for (Group.GroupMemberComponent member : group.getMember()) {
			var ref = member.getEntity().getReferenceElement();
			if ("Patient".equals(ref.getResourceType()) && !member.getInactive()) {
				ids.add(ref.getIdPart());
			}
		}
		return ids;
	}

	private static void status(Parameters out, String kind) {
		String status = kind.endsWith("-ever") ? "ever" : "current";
		boolean present = out.getParameter().stream().anyMatch(p -> MEDICATION_STATUS.equals(p.getName()));
		if (!present) {
			out.addParameter().setName(MEDICATION_STATUS).setValue(new CodeType(status));
		}
	}

	private static void bounds(Parameters out, Range range, String minName, String maxName, boolean integer) {
		if (range.hasLow() && range.getLow().hasValue()) {
			out.addParameter().setName(minName).setValue(number(range.getLow().getValue(), integer));
		}
		if (range.hasHigh() && range.getHigh().hasValue()) {
			out.addParameter().setName(maxName).setValue(number(range.getHigh().getValue(), integer));
		}
	}

	private static org.hl7.fhir.r4.model.Type number(BigDecimal value, boolean integer) {
		return integer ? new IntegerType(value.intValueExact()) : new DecimalType(value);
	}

	private static DateType date(org.hl7.fhir.r4.model.DateTimeType dateTime) {
		return new DateType(dateTime.getValueAsString().substring(0, 10));
	}

	private static Group.GroupCharacteristicComponent add(Group group, String key, String kind, Coding coding) {
		CodeableConcept code = new CodeableConcept().setText(kind);
		if (coding != null) {
			code.addCoding(coding);
		}
		Group.GroupCharacteristicComponent c = group.addCharacteristic().setCode(code)
				.setExclude(key != null && key.startsWith(CohortCriteriaParser.EXCLUDE + "-"));
		if (key != null) {
			c.addExtension(GROUP_EXTENSION, new StringType(key));
		}
		return c;
	}

	private static Group.GroupCharacteristicComponent add(Group group, String key, String kind, Coding coding,
			Period window) {
		Group.GroupCharacteristicComponent c = add(group, key, kind, coding);
		if (window != null) {
			c.setPeriod(window.copy());
		}
		return c;
	}

	private static Coding edssCoding() {
		return new Coding(MsCodes.MS_CONCEPTS, MsCodes.EDSS, "EDSS total");
	}

	private static Coding coding(String pair) {
		int bar = pair.indexOf('|');
		return new Coding(pair.substring(0, bar), pair.substring(bar + 1), null);
	}

	private static Range range(BigDecimal low, BigDecimal high, String ucumUnit) {
		Range range = new Range();
		if (low != null) {
			range.setLow(quantity(low, ucumUnit));
		}
		if (high != null) {
			range.setHigh(quantity(high, ucumUnit));
		}
		return range;
	}

	private static Quantity quantity(BigDecimal value, String ucumUnit) {
		Quantity quantity = new Quantity().setValue(value);
		if (ucumUnit != null) {
			quantity.setSystem(UCUM).setCode(ucumUnit).setUnit(ucumUnit);
		}
		return quantity;
	}

	private static Period day(LocalDate date) {
		org.hl7.fhir.r4.model.DateTimeType value = new org.hl7.fhir.r4.model.DateTimeType(date.toString());
		return new Period().setStartElement(value).setEndElement(value.copy());
	}
}

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
import static org.msfhir.cohort.CohortCriteriaParser.NAME;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
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
	private static final String UCUM = MsTerminology.UCUM;

	/** Fills the Group (new or existing) with criteria, evaluation date and members. */
	public Group write(Group group, CohortCriteria criteria, LocalDate evaluatedAt, Set<String> members) {
		group.setType(Group.GroupType.PERSON);
		group.setActual(true);
		if (criteria.name() != null) {
			group.setName(criteria.name());
		}
		group.getCharacteristic().clear();
		if (criteria.hasDiagnosis()) {
			CodeableConcept value = new CodeableConcept();
			criteria.diagnosisCodings().forEach(pair -> value.addCoding(coding(pair)));
			add(group, DIAGNOSIS, null).setValue(value);
		}
		if (criteria.hasDiagnosisDate()) {
			Period period = new Period();
			if (criteria.diagnosisFrom() != null) {
				period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(criteria.diagnosisFrom().toString()));
			}
			if (criteria.diagnosisTo() != null) {
				period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(criteria.diagnosisTo().toString()));
			}
			add(group, DIAGNOSIS_DATE, null).setValue(new BooleanType(true)).setPeriod(period);
		}
		String status = criteria.medicationStatus().code();
		if (!criteria.medicationCodings().isEmpty()) {
			CodeableConcept value = new CodeableConcept();
			criteria.medicationCodings().forEach(pair -> value.addCoding(coding(pair)));
			add(group, MEDICATION + "-" + status, null).setValue(value);
		}
		if (criteria.medicationValueSet() != null) {
			add(group, MEDICATION_VALUESET + "-" + status, null)
					.setValue(new Reference(criteria.medicationValueSet()).setType("ValueSet"));
		}
		if (criteria.hasLatestEdss()) {
			add(group, EDSS_LATEST, edssCoding()).setValue(range(criteria.edssMin(), criteria.edssMax(), null));
		}
		if (criteria.hasEdssAtDate()) {
			add(group, EDSS_AT_DATE, edssCoding())
					.setValue(range(criteria.edssAtDateMin(), criteria.edssAtDateMax(), null))
					.setPeriod(day(criteria.edssAtDate()));
		}
		if (criteria.hasAge()) {
			add(group, AGE, null).setValue(range(
					criteria.ageMin() == null ? null : BigDecimal.valueOf(criteria.ageMin()),
					criteria.ageMax() == null ? null : BigDecimal.valueOf(criteria.ageMax()), "a"));
		}
		add(group, EVALUATION, null).setValue(new BooleanType(true)).setPeriod(day(evaluatedAt));
		group.getMember().clear();
		members.forEach(id -> group.addMember().setEntity(new Reference("Patient/" + id)));
		group.setQuantity(members.size());
		return group;
	}

	/** The criteria stored in a Group, as {@code $ms-cohort} parameters; empty if it has none. */
	public Parameters read(Group group) {
		Parameters out = new Parameters();
		if (group.hasName()) {
			out.addParameter().setName(NAME).setValue(new StringType(group.getName()));
		}
		for (Group.GroupCharacteristicComponent c : group.getCharacteristic()) {
			String kind = c.getCode().getText();
			if (kind == null) {
				continue;
			}
			switch (kind) {
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
		return out;
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

	private static Group.GroupCharacteristicComponent add(Group group, String kind, Coding coding) {
		CodeableConcept code = new CodeableConcept().setText(kind);
		if (coding != null) {
			code.addCoding(coding);
		}
		return group.addCharacteristic().setCode(code).setExclude(false);
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

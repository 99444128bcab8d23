package org.msfhir.cohort;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.common.ResourceReader;

/**
 * Finds the patients that meet {@link CohortCriteria} at an evaluation date. Each criterion is one
 * streamed search (Conditions, MedicationStatements, EDSS Observations, Patients); the patient sets
 * are intersected in memory. Rules:
 * <ul>
 *   <li>diagnosis: a Condition with one of the codes, not refuted or entered in error, clinical status
 *       not inactive or resolved</li>
 *   <li>diagnosis date: the date of the patient's first MS diagnosis (earliest onset, else recorded
 *       date, of any ms-diagnoses Condition that is not refuted)</li>
 *   <li>medication current: a MedicationStatement with status active whose period covers the
 *       evaluation date; ever: any statement except entered-in-error, not-taken and intended that
 *       started on or before the evaluation date</li>
 *   <li>latest EDSS: the final/amended/corrected EDSS with the latest effective date on or before the
 *       evaluation date; EDSS at a date: the same on or before that date</li>
 *   <li>age: full years between birth date and evaluation date</li>
 * </ul>
 */
public class CohortEvaluator {

	private static final int ID_CHUNK = 500;

	private final ResourceReader reader;
	private final int batchSize;

	public CohortEvaluator(ResourceReader reader, int batchSize) {
		this.reader = reader;
		this.batchSize = batchSize;
	}

	/** The ids of the matching patients, sorted. */
	public Set<String> evaluate(CohortCriteria criteria, LocalDate evaluationDate) {
		Set<String> members = null;
		if (criteria.hasDiagnosis()) {
			members = intersect(members, diagnosed(criteria.diagnosisCodes()));
		}
		if (criteria.hasDiagnosisDate()) {
			members = intersect(members, diagnosedBetween(criteria.diagnosisFrom(), criteria.diagnosisTo()));
		}
		if (criteria.hasMedication()) {
			members = intersect(members, medicated(criteria, evaluationDate));
		}
		if (criteria.hasLatestEdss() || criteria.hasEdssAtDate()) {
			members = intersect(members, edss(criteria, evaluationDate));
		}
		if (criteria.hasAge()) {
			members = intersect(members, aged(criteria, evaluationDate, members));
		}
		return members == null ? new TreeSet<>() : new TreeSet<>(members);
	}

	private static Set<String> intersect(Set<String> current, Set<String> next) {
		if (current == null) {
			return next;
		}
		current.retainAll(next);
		return current;
	}

	private Set<String> diagnosed(Set<String> codes) {
		Set<String> patients = new HashSet<>();
		forEach("Condition", codeSearch(MsCodes.SNOMED, codes), resource -> {
			Condition condition = (Condition) resource;
			if (confirmed(condition) && !hasCode(condition.getClinicalStatus(), "inactive", "resolved")) {
				addPatient(patients, condition.getSubject());
			}
		});
		return patients;
	}

	private Set<String> diagnosedBetween(LocalDate from, LocalDate to) {
		Map<String, LocalDate> first = new HashMap<>();
		forEach("Condition", codeSearch(MsCodes.SNOMED, MsCodes.DIAGNOSES), resource -> {
			Condition condition = (Condition) resource;
			String patient = patientId(condition.getSubject());
			LocalDate date = condition.hasOnsetDateTimeType() ? localDate(condition.getOnsetDateTimeType())
					: condition.hasOnsetPeriod() && condition.getOnsetPeriod().hasStart()
							? localDate(condition.getOnsetPeriod().getStartElement())
							: condition.hasRecordedDate() ? localDate(condition.getRecordedDateElement()) : null;
			if (patient != null && date != null && confirmed(condition)) {
				first.merge(patient, date, (a, b) -> a.isBefore(b) ? a : b);
			}
		});
		Set<String> patients = new HashSet<>();
		first.forEach((patient, date) -> {
			if ((from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to))) {
				patients.add(patient);
			}
		});
		return patients;
	}

	private Set<String> medicated(CohortCriteria criteria, LocalDate at) {
		Set<String> patients = new HashSet<>();
		TokenOrListParam codes = new TokenOrListParam();
		for (String pair : criteria.medicationCodes()) {
			int bar = pair.indexOf('|');
			codes.addOr(new TokenParam(pair.substring(0, bar), pair.substring(bar + 1)));
		}
		SearchParameterMap map = new SearchParameterMap();
		map.add("code", codes);
		forEach("MedicationStatement", map, resource -> {
			MedicationStatement statement = (MedicationStatement) resource;
			LocalDate start = null;
			LocalDate end = null;
			if (statement.hasEffectivePeriod()) {
				start = statement.getEffectivePeriod().hasStart() ? localDate(statement.getEffectivePeriod().getStartElement()) : null;
				end = statement.getEffectivePeriod().hasEnd() ? localDate(statement.getEffectivePeriod().getEndElement()) : null;
			} else if (statement.hasEffectiveDateTimeType()) {
				start = localDate(statement.getEffectiveDateTimeType());
			}
			boolean started = start == null || !start.isAfter(at);
			MedicationStatementStatus status = statement.getStatus();
			boolean matches = criteria.medicationStatus() == CohortCriteria.MedicationStatus.CURRENT
					? status == MedicationStatementStatus.ACTIVE && started && (end == null || !end.isBefore(at))
					: status != null && status != MedicationStatementStatus.ENTEREDINERROR
							&& status != MedicationStatementStatus.NOTTAKEN
							&& status != MedicationStatementStatus.INTENDED && started;
			if (matches) {
				addPatient(patients, statement.getSubject());
			}
		});
		return patients;
	}

	/** One EDSS value at a date. */
	private record Score(LocalDate date, BigDecimal value) {}

	private Set<String> edss(CohortCriteria criteria, LocalDate evaluationDate) {
		Map<String, List<Score>> scores = new HashMap<>();
		forEach("Observation", codeSearch(MsCodes.MS_CONCEPTS, Set.of(MsCodes.EDSS)), resource -> {
			Observation observation = (Observation) resource;
			String patient = patientId(observation.getSubject());
			Observation.ObservationStatus status = observation.getStatus();
			boolean valid = status == Observation.ObservationStatus.FINAL
					|| status == Observation.ObservationStatus.AMENDED
					|| status == Observation.ObservationStatus.CORRECTED;
			LocalDate date = observation.hasEffectiveDateTimeType() ? localDate(observation.getEffectiveDateTimeType())
					: observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()
							? localDate(observation.getEffectivePeriod().getStartElement())
							: null;
			if (patient != null && valid && date != null && observation.hasValueQuantity()
					&& observation.getValueQuantity().hasValue()) {
				scores.computeIfAbsent(patient, p -> new ArrayList<>())
						.add(new Score(date, observation.getValueQuantity().getValue()));
			}
		});
		Set<String> patients = new HashSet<>();
		scores.forEach((patient, list) -> {
			boolean ok = true;
			if (criteria.hasLatestEdss()) {
				ok = within(latest(list, evaluationDate), criteria.edssMin(), criteria.edssMax());
			}
			if (ok && criteria.hasEdssAtDate()) {
				ok = within(latest(list, criteria.edssAtDate()), criteria.edssAtDateMin(), criteria.edssAtDateMax());
			}
			if (ok) {
				patients.add(patient);
			}
		});
		return patients;
	}

	private static BigDecimal latest(List<Score> scores, LocalDate onOrBefore) {
		Score best = null;
		for (Score score : scores) {
			if (!score.date().isAfter(onOrBefore) && (best == null || score.date().isAfter(best.date()))) {
				best = score;
			}
		}
		return best == null ? null : best.value();
	}

	private static boolean within(BigDecimal value, BigDecimal min, BigDecimal max) {
		return value != null && (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
	}

	private Set<String> aged(CohortCriteria criteria, LocalDate at, Set<String> candidates) {
		Set<String> patients = new HashSet<>();
		Consumer<IBaseResource> check = resource -> {
			Patient patient = (Patient) resource;
			if (!patient.hasBirthDate()) {
				return;
			}
			int age = Period.between(localDate(patient.getBirthDateElement()), at).getYears();
			if ((criteria.ageMin() == null || age >= criteria.ageMin()) && (criteria.ageMax() == null || age <= criteria.ageMax())) {
				patients.add(patient.getIdElement().getIdPart());
			}
		};
		if (candidates == null) {
			forEach("Patient", new SearchParameterMap(), check);
			return patients;
		}
		List<String> ids = new ArrayList<>(candidates);
		for (int from = 0; from < ids.size(); from += ID_CHUNK) {
			TokenOrListParam idList = new TokenOrListParam();
			ids.subList(from, Math.min(ids.size(), from + ID_CHUNK)).forEach(id -> idList.addOr(new TokenParam(id)));
			SearchParameterMap map = new SearchParameterMap();
			map.add("_id", idList);
			forEach("Patient", map, check);
		}
		return patients;
	}

	private static SearchParameterMap codeSearch(String system, Collection<String> codes) {
		TokenOrListParam list = new TokenOrListParam();
		codes.forEach(code -> list.addOr(new TokenParam(system, code)));
		SearchParameterMap map = new SearchParameterMap();
		map.add("code", list);
		return map;
	}

	private void forEach(String type, SearchParameterMap map, Consumer<IBaseResource> consumer) {
		List<JpaPid> ids = reader.findIds(type, List.of(map));
		for (int from = 0; from < ids.size(); from += batchSize) {
			reader.load(type, ids.subList(from, Math.min(ids.size(), from + batchSize))).forEach(consumer);
		}
	}

	private static boolean confirmed(Condition condition) {
		return !hasCode(condition.getVerificationStatus(), "refuted", "entered-in-error");
	}

	private static boolean hasCode(org.hl7.fhir.r4.model.CodeableConcept concept, String... codes) {
		return concept != null && concept.getCoding().stream().anyMatch(c -> Set.of(codes).contains(c.getCode()));
	}

	private static void addPatient(Set<String> patients, Reference subject) {
		String id = patientId(subject);
		if (id != null) {
			patients.add(id);
		}
	}

	private static String patientId(Reference subject) {
		if (subject == null || !subject.hasReference()) {
			return null;
		}
		var ref = subject.getReferenceElement();
		return "Patient".equals(ref.getResourceType()) ? ref.getIdPart() : null;
	}

	/** The first day a (possibly partial) date stands for. */
	static LocalDate localDate(BaseDateTimeType date) {
		String text = date.getValueAsString();
		if (text == null) {
			return null;
		}
		TemporalPrecisionEnum precision = date.getPrecision();
		if (precision == TemporalPrecisionEnum.YEAR) {
			return LocalDate.parse(text.substring(0, 4) + "-01-01");
		}
		if (precision == TemporalPrecisionEnum.MONTH) {
			return LocalDate.parse(text.substring(0, 7) + "-01");
		}
		return LocalDate.parse(text.substring(0, 10));
	}
}

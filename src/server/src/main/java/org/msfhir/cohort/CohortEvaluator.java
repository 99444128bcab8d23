package org.msfhir.cohort;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
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
import org.msfhir.analytics.RelapseMetrics;
import org.msfhir.analytics.fhir.HistoryReader;
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
 *   <li>sex: {@code Patient.gender}</li>
 *   <li>disease duration: days from the first MS diagnosis (as for the diagnosis date, on or before the
 *       evaluation date) to the evaluation date, divided by 365.25</li>
 *   <li>analytic criteria: per patient over the candidates left by the others ({@link AnalyticFilter})</li>
 * </ul>
 * Criteria of one group are combined with AND. Then {@code any-of} groups (a member matches at least
 * one) and {@code exclude} groups (a patient matching one is removed) are evaluated over the remaining
 * candidates; with no other criterion the candidates are all patients.
 */
public class CohortEvaluator {

	private static final int ID_CHUNK = 500;

	private final ResourceReader reader;
	private final int batchSize;
	private final AnalyticFilter analytics;

	/** @param analytics the analytic criteria's evaluator, or null when the analytics are disabled */
	public CohortEvaluator(ResourceReader reader, int batchSize, AnalyticFilter analytics) {
		this.reader = reader;
		this.batchSize = batchSize;
		this.analytics = analytics;
	}

	/** The ids of the matching patients, sorted. */
	public Set<String> evaluate(CohortCriteria criteria, LocalDate evaluationDate) {
		check(criteria, evaluationDate);
		criteria.excludes().forEach(group -> check(group, evaluationDate));
		criteria.anyOf().forEach(group -> check(group, evaluationDate));
		Set<String> members = evaluateGroup(criteria, evaluationDate, null);
		if (!criteria.anyOf().isEmpty()) {
			Set<String> any = new HashSet<>();
			for (CohortCriteria group : criteria.anyOf()) {
				any.addAll(evaluateGroup(group, evaluationDate, members));
			}
			members = any;
		}
		if (!criteria.excludes().isEmpty()) {
			if (members == null) {
				members = allPatients();
			}
			for (CohortCriteria group : criteria.excludes()) {
				if (!members.isEmpty()) {
					members.removeAll(evaluateGroup(group, evaluationDate, members));
				}
			}
		}
		return members == null ? new TreeSet<>() : new TreeSet<>(members);
	}

	/** 400 before any work: analytic criteria without the analytics, or a window ending before it starts. */
	private void check(CohortCriteria group, LocalDate evaluationDate) {
		if (group.analytic().isEmpty()) {
			return;
		}
		if (analytics == null) {
			throw new InvalidRequestException("Parameter '" + group.analytic().firstParameter()
					+ "' needs the disease-course analytics, which are disabled on this server (msfhir.analytics.enabled)");
		}
		AnalyticFilter.checkWindow(group.analytic(), evaluationDate);
	}

	/**
	 * The patients among {@code within} (null: all patients) that meet every criterion of one group, not
	 * looking at its nested groups; null when the group has only nested groups and {@code within} is null.
	 */
	private Set<String> evaluateGroup(CohortCriteria criteria, LocalDate evaluationDate, Set<String> within) {
		Set<String> members = within == null ? null : new HashSet<>(within);
		if (members != null && members.isEmpty()) {
			return members;
		}
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
		if (criteria.hasDiseaseDuration()) {
			members = intersect(members, diseaseDuration(criteria.diseaseDuration(), evaluationDate));
		}
		if (criteria.hasAge() || criteria.hasSex()) {
			members = intersect(members, patients(criteria, evaluationDate, members));
		}
		if (!criteria.analytic().isEmpty()) {
			members = analytics.filter(members == null ? allPatients() : members, criteria.analytic(), evaluationDate);
		}
		return members;
	}

	private Set<String> allPatients() {
		Set<String> ids = new HashSet<>();
		forEach("Patient", new SearchParameterMap(), r -> ids.add(r.getIdElement().getIdPart()));
		return ids;
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
		Set<String> patients = new HashSet<>();
		firstDiagnoses().forEach((patient, date) -> {
			if ((from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to))) {
				patients.add(patient);
			}
		});
		return patients;
	}

	private Set<String> diseaseDuration(NumberRange years, LocalDate at) {
		Set<String> patients = new HashSet<>();
		firstDiagnoses().forEach((patient, date) -> {
			if (!date.isAfter(at) && years.contains(ChronoUnit.DAYS.between(date, at) / RelapseMetrics.DAYS_PER_YEAR)) {
				patients.add(patient);
			}
		});
		return patients;
	}

	/** The date of each patient's first MS diagnosis (earliest onset, else recorded date, of ms-diagnoses). */
	private Map<String, LocalDate> firstDiagnoses() {
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
		return first;
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

	/** Patients meeting the age and sex criteria, read among the candidates (null: all patients). */
	private Set<String> patients(CohortCriteria criteria, LocalDate at, Set<String> candidates) {
		Set<String> patients = new HashSet<>();
		Consumer<IBaseResource> check = resource -> {
			Patient patient = (Patient) resource;
			if (criteria.hasSex() && (!patient.hasGender() || !criteria.sexes().contains(patient.getGender().toCode()))) {
				return;
			}
			if (criteria.hasAge()) {
				if (!patient.hasBirthDate()) {
					return;
				}
				int age = Period.between(localDate(patient.getBirthDateElement()), at).getYears();
				if ((criteria.ageMin() != null && age < criteria.ageMin()) || (criteria.ageMax() != null && age > criteria.ageMax())) {
					return;
				}
			}
			patients.add(patient.getIdElement().getIdPart());
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

	/** The first day a (possibly partial) date stands for, as the analytics read it (null if none). */
	static LocalDate localDate(BaseDateTimeType date) {
		return HistoryReader.day(date);
	}
}

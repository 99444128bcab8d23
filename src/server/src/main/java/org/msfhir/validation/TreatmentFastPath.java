package org.msfhir.validation;

import static org.msfhir.validation.PlainForm.CODEABLE_ELEMENTS;
import static org.msfhir.validation.PlainForm.PATIENT_REFERENCE;
import static org.msfhir.validation.PlainForm.SUBJECT_ELEMENTS;
import static org.msfhir.validation.PlainForm.bareConcept;
import static org.msfhir.validation.PlainForm.codingKey;
import static org.msfhir.validation.PlainForm.dateTime;
import static org.msfhir.validation.PlainForm.id;
import static org.msfhir.validation.PlainForm.meta;
import static org.msfhir.validation.PlainForm.only;
import static org.msfhir.validation.PlainForm.plain;
import static org.msfhir.validation.PlainForm.plainString;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.guide.MsTerminology;

/**
 * Recognises an MS medication statement or care plan in its plain form that the full validator would
 * pass without a single error or warning, like {@link MeasureFastPath} and {@link ConditionFastPath}.
 * It never refuses anything: a dosage, a note, a goal, an activity with more than a code and a status,
 * a second medication coding, a period it cannot order at a glance ... goes to the full validator.
 *
 * <p>Why: with measures and conditions on their fast paths, these two profiles (~6 % of an MS patient's
 * resources, ~0.9 ms each) were all the full validation left during ingest.
 *
 * <p>Safety: {@code TreatmentFastPathTest} runs both paths over generated cohorts and thousands of
 * variants and fails if this class accepts anything the full validator has a message about.
 */
final class TreatmentFastPath {

	static final String MEDICINES = MsProfiles.MEDICINES_VALUE_SET;
	static final String DMT = MsTerminology.VS_DMT;
	static final String MEDICATION_CATEGORY = MsTerminology.VS_MEDICATION_CATEGORY;
	static final String STATEMENT_REASONS = MsTerminology.VS_STATEMENT_REASONS;
	static final String CARE_ACTIVITIES = MsTerminology.VS_CARE_ACTIVITIES;

	/** Statuses without a rule attached (entered-in-error and not-taken go to the full validator). */
	private static final Set<String> STATEMENT_STATUSES =
			Set.of("active", "completed", "intended", "stopped", "on-hold", "unknown");
	private static final Set<String> PLAN_STATUSES = Set.of("draft", "active", "on-hold", "revoked", "completed", "unknown");
	private static final Set<String> PLAN_INTENTS = Set.of("proposal", "plan", "order", "option");
	private static final Set<String> ACTIVITY_STATUSES = Set.of(
			"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped", "unknown");

	private static final Set<String> STATEMENT_ELEMENTS = Set.of("id", "meta", "status", "category", "medication[x]",
			"subject", "effective[x]", "dateAsserted", "reasonCode", "reasonReference");
	private static final Set<String> PLAN_ELEMENTS =
			Set.of("id", "meta", "status", "intent", "title", "subject", "period", "addresses", "activity");
	private static final Set<String> PERIOD_ELEMENTS = Set.of("start", "end");
	private static final Set<String> ACTIVITY_ELEMENTS = Set.of("detail");
	private static final Set<String> DETAIL_ELEMENTS = Set.of("code", "status");
	private static final Pattern CONDITION_REFERENCE = Pattern.compile("Condition/[A-Za-z0-9\\-.]{1,64}");
	private static final Pattern REASON_REFERENCE = Pattern.compile("(Condition|Observation)/[A-Za-z0-9\\-.]{1,64}");
	private static final Pattern DATE = Pattern.compile("[12][0-9]{3}-[0-9]{2}-[0-9]{2}");

	private final Map<String, Set<String>> valueSets;
	/** {@code system|code} -> the code system's display, the only one a medicine or activity coding may carry. */
	private final Map<String, String> displays;

	/**
	 * @param valueSets the codes ({@code system|code}) of the ValueSets in {@link #valueSets()}, by URL
	 * @param displays the code systems' displays of the medicines and care activities
	 */
	TreatmentFastPath(Map<String, Set<String>> valueSets, Map<String, String> displays) {
		this.valueSets = Map.copyOf(valueSets);
		this.displays = Map.copyOf(displays);
	}

	/** The ValueSets whose codes the constructor needs. */
	static List<String> valueSets() {
		return List.of(MEDICINES, DMT, MEDICATION_CATEGORY, STATEMENT_REASONS, CARE_ACTIVITIES);
	}

	/** Whether the resource is certainly clean: a plain statement or plan checked against only its profile. */
	boolean certainlyClean(Object resource, Collection<String> profiles) {
		if (profiles.size() != 1) {
			return false;
		}
		String profile = profiles.iterator().next();
		if (resource instanceof MedicationStatement statement && MsProfiles.MEDICATION_STATEMENT.equals(profile)) {
			return only(statement, STATEMENT_ELEMENTS) && id(statement) && meta(statement, profile) && statement(statement);
		}
		if (resource instanceof CarePlan plan && MsProfiles.CARE_PLAN.equals(profile)) {
			return only(plan, PLAN_ELEMENTS) && id(plan) && meta(plan, profile) && plan(plan);
		}
		return false;
	}

	/** Status, category, one medicine (a DMT if the category says so: ms-medstat-dmt-category), period, reasons. */
	private boolean statement(MedicationStatement s) {
		if (!plain(s.getStatusElement()) || !STATEMENT_STATUSES.contains(s.getStatusElement().getValueAsString())) {
			return false;
		}
		if (!bareConcept(s.getCategory(), codes(MEDICATION_CATEGORY))) {
			return false;
		}
		if (!(s.getMedication() instanceof CodeableConcept medicine) || !only(medicine, CODEABLE_ELEMENTS)
				|| medicine.getCoding().size() != 1) {
			return false;
		}
		String key = codingKey(medicine.getCodingFirstRep(), displays);
		if (key == null || !codes(MEDICINES).contains(key)) {
			return false;
		}
		Coding category = s.getCategory().getCodingFirstRep();
		if (MsProfiles.MS_CONCEPTS.equals(category.getSystem()) && "dmt".equals(category.getCode())
				&& !codes(DMT).contains(key)) {
			return false;
		}
		if (!PlainForm.reference(s.getSubject(), PATIENT_REFERENCE, SUBJECT_ELEMENTS)
				|| !(s.getEffective() instanceof Period period) || !period(period)
				|| s.hasDateAssertedElement() && !dateTime(s.getDateAssertedElement())) {
			return false;
		}
		if (s.getReasonCode().isEmpty() && s.getReasonReference().isEmpty()) {
			return false; // ms-medstat-reason
		}
		for (CodeableConcept reason : s.getReasonCode()) {
			if (!bareConcept(reason, codes(STATEMENT_REASONS))) {
				return false;
			}
		}
		for (Reference reason : s.getReasonReference()) {
			if (!PlainForm.reference(reason, REASON_REFERENCE, SUBJECT_ELEMENTS)) {
				return false;
			}
		}
		return true;
	}

	/** Status, intent, title, period, the diagnoses it addresses, activities with a code and a status only. */
	private boolean plan(CarePlan p) {
		if (!plain(p.getStatusElement()) || !PLAN_STATUSES.contains(p.getStatusElement().getValueAsString())
				|| !plain(p.getIntentElement()) || !PLAN_INTENTS.contains(p.getIntentElement().getValueAsString())) {
			return false;
		}
		if (p.hasTitleElement() && !plainString(p.getTitleElement(), null)
				|| !PlainForm.reference(p.getSubject(), PATIENT_REFERENCE, SUBJECT_ELEMENTS)
				|| p.hasPeriod() && !period(p.getPeriod())
				|| p.getAddresses().isEmpty() || p.getActivity().isEmpty()) {
			return false;
		}
		for (Reference addressed : p.getAddresses()) {
			if (!PlainForm.reference(addressed, CONDITION_REFERENCE, SUBJECT_ELEMENTS)) {
				return false;
			}
		}
		for (CarePlan.CarePlanActivityComponent activity : p.getActivity()) {
			if (!only(activity, ACTIVITY_ELEMENTS) || !activity.hasDetail()) {
				return false;
			}
			CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
			if (!only(detail, DETAIL_ELEMENTS) || !plain(detail.getStatusElement())
					|| !ACTIVITY_STATUSES.contains(detail.getStatusElement().getValueAsString())) {
				return false;
			}
			CodeableConcept code = detail.getCode();
			if (!only(code, CODEABLE_ELEMENTS) || code.getCoding().size() != 1) {
				return false;
			}
			String key = codingKey(code.getCodingFirstRep(), displays);
			if (key == null || !codes(CARE_ACTIVITIES).contains(key)) {
				return false;
			}
		}
		return true;
	}

	/** A start, and an end not before it (per-1) where both are plain full dates that show the order. */
	private static boolean period(Period period) {
		if (!only(period, PERIOD_ELEMENTS) || !dateTime(period.getStartElement())) {
			return false;
		}
		if (!period.hasEndElement()) {
			return true;
		}
		String start = period.getStartElement().getValueAsString();
		String end = period.getEndElement().getValueAsString();
		return dateTime(period.getEndElement())
				&& DATE.matcher(start).matches()
				&& DATE.matcher(end).matches()
				&& start.compareTo(end) <= 0;
	}

	private Set<String> codes(String valueSet) {
		return valueSets.getOrDefault(valueSet, Set.of());
	}
}

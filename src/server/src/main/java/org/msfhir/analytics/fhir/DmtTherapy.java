package org.msfhir.analytics.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;

/**
 * Disease-modifying therapy (DMT) exposure from MedicationStatements, as {@code $ms-summary} and the
 * cohort criteria count it. A DMT is a statement with category ms-concepts {@code dmt} or a medication
 * code of ValueSet ms-dmt. A DMT counts once it has started on or before the date and is not
 * {@code not-taken} or {@code intended}; medicines are told apart by their display (else text or code),
 * and each distinct medicine is one line of therapy, numbered in start order.
 */
public final class DmtTherapy {

	private final Set<String> dmtCodes;

	/** @param dmtCodes {@code system|code} of every medicine of ValueSet ms-dmt */
	public DmtTherapy(Set<String> dmtCodes) {
		this.dmtCodes = Set.copyOf(dmtCodes);
	}

	public boolean isDmt(MedicationStatement s) {
		if (HistoryReader.hasCode(s.getCategory(), AnalyticsCodes.MS_CONCEPTS, "dmt")) {
			return true;
		}
		if (!s.hasMedicationCodeableConcept()) {
			return false;
		}
		for (Coding c : s.getMedicationCodeableConcept().getCoding()) {
			if (dmtCodes.contains(c.getSystem() + "|" + c.getCode())) {
				return true;
			}
		}
		return false;
	}

	/** The DMT statements started on or before {@code asOf}, in start order (stable for equal starts). */
	public List<MedicationStatement> started(List<MedicationStatement> statements, LocalDate asOf) {
		List<MedicationStatement> dmts = new ArrayList<>();
		for (MedicationStatement s : statements) {
			LocalDate start = start(s);
			if (isDmt(s) && start != null && !start.isAfter(asOf)
					&& s.getStatus() != MedicationStatementStatus.NOTTAKEN
					&& s.getStatus() != MedicationStatementStatus.INTENDED
					&& s.getStatus() != MedicationStatementStatus.ENTEREDINERROR) {
				dmts.add(s);
			}
		}
		dmts.sort(Comparator.comparing(DmtTherapy::start));
		return dmts;
	}

	/** The line of therapy of each medicine (1 = first DMT), keyed by {@link #medicineKey}. */
	public static Map<String, Integer> lines(List<MedicationStatement> startedInOrder) {
		Map<String, Integer> lineOf = new LinkedHashMap<>();
		startedInOrder.forEach(s -> lineOf.putIfAbsent(medicineKey(s), lineOf.size() + 1));
		return lineOf;
	}

	/** Times a DMT was followed by a different DMT, in start order. */
	public static int switches(List<MedicationStatement> startedInOrder) {
		int switches = 0;
		for (int i = 1; i < startedInOrder.size(); i++) {
			if (!medicineKey(startedInOrder.get(i)).equals(medicineKey(startedInOrder.get(i - 1)))) {
				switches++;
			}
		}
		return switches;
	}

	/** What tells two medicines apart: the first coding display, else the text, else the first code. */
	public static String medicineKey(MedicationStatement s) {
		if (!s.hasMedicationCodeableConcept()) {
			return "?";
		}
		CodeableConcept c = s.getMedicationCodeableConcept();
		return c.hasText() && !c.hasCoding() ? c.getText() : display(c);
	}

	static String display(CodeableConcept c) {
		for (Coding coding : c.getCoding()) {
			if (coding.hasDisplay()) {
				return coding.getDisplay();
			}
		}
		return c.hasText() ? c.getText() : c.getCodingFirstRep().getCode();
	}

	/** First day of the effective period (or dateTime); null without one. */
	public static LocalDate start(MedicationStatement s) {
		if (s.hasEffectivePeriod() && s.getEffectivePeriod().hasStart()) {
			return HistoryReader.day(s.getEffectivePeriod().getStartElement());
		}
		return s.hasEffectiveDateTimeType() ? HistoryReader.day(s.getEffectiveDateTimeType()) : null;
	}

	/** First day of the period end; null when open. */
	public static LocalDate end(MedicationStatement s) {
		return s.hasEffectivePeriod() && s.getEffectivePeriod().hasEnd()
				? HistoryReader.day(s.getEffectivePeriod().getEndElement()) : null;
	}
}

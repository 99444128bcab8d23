package org.msfhir.analytics.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.PatientHistory;
import org.msfhir.common.ResourceReader;

/**
 * Reads patients' measures, relapses and MRI assessments from the database and maps them into
 * {@link PatientHistory}. Rules: Observations count when final, amended or corrected; the date is the
 * first day of {@code effective[x]}; 9HPT uses the value, else the mean of both hands when both are
 * present; an MRI assessment needs at least one of its two counts (a missing one counts as 0); relapses
 * are {@code Condition}s coded 192929006 that are not refuted or entered in error, dated by their onset.
 * One query per resource type covers a batch of patients; callers pass batches of a few hundred ids.
 */
public class HistoryReader {

	private static final int LOAD_BATCH = 500;

	private final ResourceReader reader;

	public HistoryReader(ResourceReader reader) {
		this.reader = reader;
	}

	/**
	 * The data of each patient (every id gets an entry, empty when nothing is stored). With
	 * {@code forSummary} also pain, Penn spasm and MFIS Observations, MS diagnoses and MedicationStatements.
	 */
	public Map<String, PatientData> read(List<String> patientIds, boolean forSummary) {
		Map<String, Builder> builders = new LinkedHashMap<>();
		patientIds.forEach(id -> builders.put(id, new Builder(id)));
		String subjects = patientIds.stream().map(id -> "Patient/" + id).collect(Collectors.joining(","));
		String msc = AnalyticsCodes.MS_CONCEPTS + "|";
		StringBuilder codes = new StringBuilder();
		for (String code : AnalyticsCodes.MEASURE_CODES.values()) {
			codes.append(msc).append(code).append(',');
		}
		codes.append(msc).append(AnalyticsCodes.MRI_ACTIVITY);
		if (forSummary) {
			codes.append(',').append(AnalyticsCodes.LOINC).append('|').append(AnalyticsCodes.PAIN)
					.append(',').append(msc).append(AnalyticsCodes.PENN_SPASM)
					.append(',').append(msc).append(AnalyticsCodes.MFIS)
					.append(',').append(msc).append(AnalyticsCodes.MFIS5);
		}
		each("Observation", "subject=" + subjects + "&code=" + codes, r -> {
			Observation o = (Observation) r;
			Builder b = builders.get(patientId(o.getSubject()));
			if (b != null && usable(o)) {
				b.observation(o, forSummary);
			}
		});
		StringBuilder conditionCodes = new StringBuilder(AnalyticsCodes.SNOMED + "|" + AnalyticsCodes.RELAPSE);
		if (forSummary) {
			AnalyticsCodes.DIAGNOSES.keySet().forEach(c -> conditionCodes.append(',').append(AnalyticsCodes.SNOMED)
					.append('|').append(c));
		}
		each("Condition", "subject=" + subjects + "&code=" + conditionCodes, r -> {
			Condition c = (Condition) r;
			Builder b = builders.get(patientId(c.getSubject()));
			if (b != null && confirmed(c)) {
				b.condition(c);
			}
		});
		if (forSummary) {
			each("MedicationStatement", "subject=" + subjects, r -> {
				MedicationStatement s = (MedicationStatement) r;
				Builder b = builders.get(patientId(s.getSubject()));
				if (b != null && s.getStatus() != MedicationStatement.MedicationStatementStatus.ENTEREDINERROR) {
					b.medications.add(s);
				}
			});
		}
		Map<String, PatientData> out = new LinkedHashMap<>();
		builders.forEach((id, b) -> out.put(id, b.build()));
		return out;
	}

	private void each(String type, String query, java.util.function.Consumer<IBaseResource> consumer) {
		var ids = reader.findIds(type, List.of(reader.newMap(type, query)));
		for (int from = 0; from < ids.size(); from += LOAD_BATCH) {
			reader.load(type, ids.subList(from, Math.min(ids.size(), from + LOAD_BATCH))).forEach(consumer);
		}
	}

	private static boolean usable(Observation o) {
		Observation.ObservationStatus s = o.getStatus();
		return s == Observation.ObservationStatus.FINAL || s == Observation.ObservationStatus.AMENDED
				|| s == Observation.ObservationStatus.CORRECTED;
	}

	private static boolean confirmed(Condition c) {
		return c.getVerificationStatus().getCoding().stream()
				.noneMatch(x -> "refuted".equals(x.getCode()) || "entered-in-error".equals(x.getCode()));
	}

	static String patientId(Reference subject) {
		if (subject == null || !subject.hasReference()) {
			return null;
		}
		var ref = subject.getReferenceElement();
		return "Patient".equals(ref.getResourceType()) ? ref.getIdPart() : null;
	}

	static boolean hasCode(CodeableConcept concept, String system, String code) {
		for (Coding c : concept.getCoding()) {
			if (system.equals(c.getSystem()) && code.equals(c.getCode())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first day a (possibly partial) date stands for; null without a date, or for a text HAPI
	 * accepted that is no calendar date (such a value counts as missing, not as a failed request).
	 */
	public static LocalDate day(BaseDateTimeType date) {
		if (date == null || date.getValueAsString() == null) {
			return null;
		}
		String text = date.getValueAsString();
		TemporalPrecisionEnum precision = date.getPrecision();
		try {
			if (precision == TemporalPrecisionEnum.YEAR) {
				return LocalDate.parse(text.substring(0, 4) + "-01-01");
			}
			if (precision == TemporalPrecisionEnum.MONTH) {
				return LocalDate.parse(text.substring(0, 7) + "-01");
			}
			return LocalDate.parse(text.substring(0, 10));
		} catch (java.time.format.DateTimeParseException | StringIndexOutOfBoundsException e) {
			return null;
		}
	}

	static LocalDate effectiveDay(Observation o) {
		if (o.hasEffectiveDateTimeType()) {
			return day(o.getEffectiveDateTimeType());
		}
		if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
			return day(o.getEffectivePeriod().getStartElement());
		}
		return null;
	}

	static Double number(Type value) {
		if (value instanceof org.hl7.fhir.r4.model.Quantity q && q.hasValue()) {
			return q.getValue().doubleValue();
		}
		if (value instanceof org.hl7.fhir.r4.model.IntegerType i && i.getValue() != null) {
			return i.getValue().doubleValue();
		}
		if (value instanceof org.hl7.fhir.r4.model.DecimalType d && d.getValue() != null) {
			return d.getValue().doubleValue();
		}
		return null;
	}

	private static Double component(Observation o, String code) {
		for (Observation.ObservationComponentComponent c : o.getComponent()) {
			if (hasCode(c.getCode(), AnalyticsCodes.MS_CONCEPTS, code)) {
				return number(c.getValue());
			}
		}
		return null;
	}

	private static final class Builder {
		private final String patientId;
		private final PatientHistory.Builder history = PatientHistory.builder();
		private final Map<String, String> sources = new HashMap<>();
		private final Set<String> inputs = new java.util.TreeSet<>();
		private final List<Observation> symptoms = new ArrayList<>();
		private final List<Condition> diagnoses = new ArrayList<>();
		private final List<MedicationStatement> medications = new ArrayList<>();
		private LocalDate lastMri;

		Builder(String patientId) {
			this.patientId = patientId;
		}

		void observation(Observation o, boolean forSummary) {
			LocalDate day = effectiveDay(o);
			if (day == null) {
				return;
			}
			String ref = "Observation/" + o.getIdElement().getIdPart();
			CodeableConcept code = o.getCode();
			for (var e : AnalyticsCodes.MEASURE_CODES.entrySet()) {
				if (hasCode(code, AnalyticsCodes.MS_CONCEPTS, e.getValue())) {
					Double value = o.hasValue() ? number(o.getValue()) : null;
					if (value == null && e.getKey() == Measure.NHPT) {
						Double dominant = component(o, AnalyticsCodes.NHPT_DOMINANT);
						Double other = component(o, AnalyticsCodes.NHPT_NON_DOMINANT);
						value = dominant != null && other != null ? (dominant + other) / 2 : null;
					}
					if (value != null && Double.isFinite(value)) {
						history.measurement(e.getKey(), day, value);
						sources.put(PatientData.key(e.getKey(), new org.msfhir.analytics.Measurement(day, value)), ref);
						inputs.add(ref);
					}
					return;
				}
			}
			if (hasCode(code, AnalyticsCodes.MS_CONCEPTS, AnalyticsCodes.MRI_ACTIVITY)) {
				Double t2 = component(o, AnalyticsCodes.MRI_T2);
				Double gd = component(o, AnalyticsCodes.MRI_GD);
				if ((t2 != null || gd != null) && (t2 == null || t2 >= 0) && (gd == null || gd >= 0)) {
					history.mri(day, t2 == null ? 0 : t2.intValue(), gd == null ? 0 : gd.intValue());
					inputs.add(ref);
					lastMri = lastMri == null || day.isAfter(lastMri) ? day : lastMri;
				}
				return;
			}
			if (forSummary) {
				symptoms.add(o);
			}
		}

		void condition(Condition c) {
			if (hasCode(c.getCode(), AnalyticsCodes.SNOMED, AnalyticsCodes.RELAPSE)) {
				LocalDate onset = c.hasOnsetDateTimeType() ? day(c.getOnsetDateTimeType())
						: c.hasOnsetPeriod() ? day(c.getOnsetPeriod().getStartElement()) : null;
				if (onset != null) {
					history.relapse(onset);
					inputs.add("Condition/" + c.getIdElement().getIdPart());
				}
			} else {
				diagnoses.add(c);
			}
		}

		PatientData build() {
			symptoms.sort(Comparator.comparing(HistoryReader::effectiveDay).reversed());
			return new PatientData(patientId, history.build(), sources, List.copyOf(inputs), symptoms, diagnoses,
					medications, lastMri);
		}
	}

}

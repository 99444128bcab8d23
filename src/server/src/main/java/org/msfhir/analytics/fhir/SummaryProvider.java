package org.msfhir.analytics.fhir;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.msfhir.analytics.DateWindow;
import org.msfhir.analytics.DiseaseActivity;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.Measurement;
import org.msfhir.analytics.PatientProgression;
import org.msfhir.analytics.ProgressionEngine;
import org.msfhir.analytics.ProgressionSettings;
import org.msfhir.analytics.RelapseMetrics;
import org.msfhir.analytics.WorseningEvent;

/**
 * {@code Patient/[id]/$ms-summary}: one patient's disease course at a date (default today) as Parameters
 * with a readable narrative: course and Lublin qualifiers over the last 12 months, latest EDSS with its
 * trend, confirmed worsenings (default settings), current DMT, line of therapy and exposure history,
 * relapse rate over the last two years, days since the last relapse, latest pain, spasm and fatigue
 * scores, NEDA-3 over the last year and the follow-ups due (EDSS older than 6 months, MRI older than 12).
 */
public class SummaryProvider {

	private final HistoryReader reader;
	private final IFhirResourceDao<Patient> patientDao;
	private final DmtTherapy dmt;

	SummaryProvider(HistoryReader reader, IFhirResourceDao<Patient> patientDao, DmtTherapy dmt) {
		this.reader = reader;
		this.patientDao = patientDao;
		this.dmt = dmt;
	}

	@Description(shortDefinition = "One patient's MS course at a glance, with a narrative")
	@Operation(name = "$ms-summary", type = Patient.class, idempotent = true)
	public Parameters summary(
			@IdParam IIdType id,
			@Description(shortDefinition = "Date the summary is for (default today)") @OperationParam(name = "date", max = 1) DateType date,
			RequestDetails request) {
		LocalDate asOf = date == null || date.getValueAsString() == null ? LocalDate.now(ZoneOffset.UTC) : fullDate(date);
		String patientId = id.getIdPart();
		patientDao.read(new IdType("Patient", patientId), request);
		PatientData data = reader.read(List.of(patientId), true).get(patientId);
		PatientProgression progression =
				new ProgressionEngine(ProgressionSettings.defaults()).analyse(data.history());
		LocalDate dayAfter = asOf.plusDays(1);
		DateWindow lastYear = new DateWindow(dayAfter.minusYears(1), dayAfter);
		DateWindow lastTwoYears = new DateWindow(dayAfter.minusYears(2), dayAfter);
		List<String> lines = new ArrayList<>();

		Parameters out = new Parameters();
		out.addParameter().setName("subject").setValue(new Reference("Patient/" + patientId));
		out.addParameter().setName("date").setValue(new DateType(asOf.toString()));

		Condition course = currentCourse(data.diagnoses(), asOf);
		String courseName = course == null ? null : courseName(course);
		if (course != null) {
			ParametersParameterComponent c = out.addParameter().setName("course");
			c.addPart().setName("code").setValue(course.getCode().copy());
			c.addPart().setName("condition").setValue(new Reference("Condition/" + course.getIdElement().getIdPart()));
		}
		var activity = DiseaseActivity.lublinActivity(data.history(), lastYear);
		out.addParameter().setName("lublin-activity").setValue(ProgressionParts.enumCode(activity));
		String qualifiers = activity.name().toLowerCase().replace('_', ' ');
		if ("SPMS".equals(courseName) || "PPMS".equals(courseName)) {
			var prog = DiseaseActivity.lublinProgression(data.history(), progression, lastYear);
			out.addParameter().setName("lublin-progression").setValue(ProgressionParts.enumCode(prog));
			qualifiers += ", " + prog.name().toLowerCase().replace('_', ' ');
		}
		lines.add("Course: " + (courseName == null ? "no MS diagnosis recorded" : courseName) + " (" + qualifiers
				+ " over the last 12 months)");

		List<Measurement> edss = data.history().series(Measure.EDSS).stream()
				.filter(m -> !m.date().isAfter(asOf)).toList();
		Measurement latestEdss = edss.isEmpty() ? null : edss.get(edss.size() - 1);
		if (latestEdss != null) {
			ParametersParameterComponent e = out.addParameter().setName("latest-edss");
			e.addPart().setName("value").setValue(new DecimalType(BigDecimal.valueOf(latestEdss.value())));
			e.addPart().setName("date").setValue(new DateType(latestEdss.date().toString()));
			String trend = "first";
			if (edss.size() > 1) {
				double change = latestEdss.value() - edss.get(edss.size() - 2).value();
				trend = change > 0 ? "worse" : change < 0 ? "better" : "stable";
				e.addPart().setName("change").setValue(new DecimalType(BigDecimal.valueOf(change)));
			}
			e.addPart().setName("trend").setValue(new CodeType(trend));
			lines.add("Latest EDSS: " + latestEdss.value() + " on " + latestEdss.date() + " (" + trend + ")");
		} else {
			lines.add("Latest EDSS: none");
		}

		int events = 0;
		for (Measure m : Measure.values()) {
			for (WorseningEvent ev : progression.result(m).events()) {
				if (!ev.confirmation().date().isAfter(asOf)) {
					ProgressionParts.event(out.addParameter().setName("worsening-event"), ev, data);
					events++;
					lines.add("Confirmed worsening: " + ProgressionParts.code(m).getValue() + " " + ev.reference().value()
							+ " -> " + ev.onset().value() + " (onset " + ev.onset().date() + ", " + ev.classification() + ")");
				}
			}
		}
		if (events == 0) {
			lines.add("Confirmed worsening: none");
		}

		treatment(out, data.medications(), asOf, lines);

		double arr = RelapseMetrics.annualisedRelapseRate(data.history().relapseOnsets(), lastTwoYears);
		out.addParameter().setName("annualised-relapse-rate-2y").setValue(ProgressionParts.decimal(arr));
		OptionalLong since = RelapseMetrics.daysSinceLastRelapse(data.history().relapseOnsets(), asOf);
		if (since.isPresent()) {
			out.addParameter().setName("days-since-last-relapse").setValue(new IntegerType(Math.toIntExact(since.getAsLong())));
		}
		lines.add("Relapse rate over the last 2 years: " + ProgressionParts.decimal(arr).getValueAsString()
				+ " per year; last relapse: " + (since.isPresent() ? since.getAsLong() + " days ago" : "none recorded"));

		symptom(out, data, asOf, "latest-pain", List.of(AnalyticsCodes.LOINC + "|" + AnalyticsCodes.PAIN), "Pain (0-10)", lines);
		symptom(out, data, asOf, "latest-spasm", List.of(AnalyticsCodes.MS_CONCEPTS + "|" + AnalyticsCodes.PENN_SPASM),
				"Spasm frequency (Penn 0-4)", lines);
		symptom(out, data, asOf, "latest-fatigue", List.of(AnalyticsCodes.MS_CONCEPTS + "|" + AnalyticsCodes.MFIS,
				AnalyticsCodes.MS_CONCEPTS + "|" + AnalyticsCodes.MFIS5), "Fatigue (MFIS)", lines);

		var neda = DiseaseActivity.neda3(data.history(), progression, lastYear);
		out.addParameter().setName("neda3-last-year").setValue(ProgressionParts.enumCode(neda));
		lines.add("NEDA-3 over the last year: " + neda.name().toLowerCase().replace('_', ' '));

		boolean edssDue = latestEdss == null || latestEdss.date().isBefore(asOf.minusMonths(6));
		LocalDate lastMri = data.history().mriAssessments().stream().map(m -> m.date())
				.filter(d -> !d.isAfter(asOf)).max(Comparator.naturalOrder()).orElse(null);
		boolean mriDue = lastMri == null || lastMri.isBefore(asOf.minusMonths(12));
		ParametersParameterComponent due = out.addParameter().setName("follow-up");
		due.addPart().setName("edss-due").setValue(new BooleanType(edssDue));
		due.addPart().setName("mri-due").setValue(new BooleanType(mriDue));
		if (lastMri != null) {
			due.addPart().setName("last-mri").setValue(new DateType(lastMri.toString()));
		}
		List<String> dueList = new ArrayList<>();
		if (edssDue) {
			dueList.add("EDSS (last " + (latestEdss == null ? "never" : latestEdss.date().toString()) + ")");
		}
		if (mriDue) {
			dueList.add("MRI (last " + (lastMri == null ? "never" : lastMri.toString()) + ")");
		}
		lines.add("Follow-up due: " + (dueList.isEmpty() ? "none" : String.join(", ", dueList)));

		StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>MS summary of Patient/")
				.append(escape(patientId)).append(" on ").append(asOf).append("</p><ul>");
		lines.forEach(l -> div.append("<li>").append(escape(l)).append("</li>"));
		div.append("</ul></div>");
		// R4 Parameters is not a DomainResource and has no text element: the narrative is a part.
		out.addParameter().setName("narrative").setValue(new StringType(div.toString()));
		return out;
	}

	private void treatment(Parameters out, List<MedicationStatement> statements, LocalDate asOf, List<String> lines) {
		List<MedicationStatement> dmts = dmt.started(statements, asOf);
		Map<String, Integer> lineOf = DmtTherapy.lines(dmts);
		MedicationStatement current = null;
		for (MedicationStatement s : dmts) {
			LocalDate end = DmtTherapy.end(s);
			if (s.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE && (end == null || !end.isBefore(asOf))) {
				current = s;
			}
			ParametersParameterComponent x = out.addParameter().setName("dmt-exposure");
			x.addPart().setName("medication").setValue(s.getMedicationCodeableConcept().copy());
			x.addPart().setName("start").setValue(new DateType(DmtTherapy.start(s).toString()));
			if (end != null) {
				x.addPart().setName("end").setValue(new DateType(end.toString()));
			}
			LocalDate until = end == null || end.isAfter(asOf) ? asOf : end;
			x.addPart().setName("days").setValue(new IntegerType(Math.toIntExact(ChronoUnit.DAYS.between(DmtTherapy.start(s), until))));
			x.addPart().setName("line").setValue(new IntegerType(lineOf.get(DmtTherapy.medicineKey(s))));
		}
		out.addParameter().setName("lines-of-therapy").setValue(new IntegerType(lineOf.size()));
		if (current != null) {
			ParametersParameterComponent c = out.addParameter().setName("current-dmt");
			c.addPart().setName("medication").setValue(current.getMedicationCodeableConcept().copy());
			c.addPart().setName("start").setValue(new DateType(DmtTherapy.start(current).toString()));
			c.addPart().setName("line").setValue(new IntegerType(lineOf.get(DmtTherapy.medicineKey(current))));
			c.addPart().setName("statement").setValue(new Reference("MedicationStatement/" + current.getIdElement().getIdPart()));
			lines.add("Current DMT: " + DmtTherapy.display(current.getMedicationCodeableConcept()) + " since "
					+ DmtTherapy.start(current) + " (line " + lineOf.get(DmtTherapy.medicineKey(current)) + " of "
					+ lineOf.size() + ")");
		} else {
			lines.add("Current DMT: none (" + lineOf.size() + " earlier)");
		}
	}

	private void symptom(Parameters out, PatientData data, LocalDate asOf, String name, List<String> codes,
			String label, List<String> lines) {
		Observation o = data.latestSymptom(codes, asOf).orElse(null);
		if (o == null) {
			lines.add(label + ": none");
			return;
		}
		ParametersParameterComponent p = out.addParameter().setName(name);
		p.addPart().setName("value").setValue(o.getValue().copy());
		p.addPart().setName("date").setValue(new DateType(HistoryReader.effectiveDay(o).toString()));
		p.addPart().setName("observation").setValue(new Reference("Observation/" + o.getIdElement().getIdPart()));
		lines.add(label + ": " + number(HistoryReader.number(o.getValue())) + " on " + HistoryReader.effectiveDay(o));
	}

	/** The newest MS diagnosis that is not inactive or resolved, by onset (else recorded) date. */
	private static Condition currentCourse(List<Condition> diagnoses, LocalDate asOf) {
		Condition best = null;
		LocalDate bestDate = null;
		for (Condition c : diagnoses) {
			boolean closed = c.getClinicalStatus().getCoding().stream()
					.anyMatch(x -> "inactive".equals(x.getCode()) || "resolved".equals(x.getCode()));
			LocalDate d = c.hasOnsetDateTimeType() ? HistoryReader.day(c.getOnsetDateTimeType())
					: c.hasRecordedDate() ? HistoryReader.day(c.getRecordedDateElement()) : LocalDate.MIN;
			if (!closed && !d.isAfter(asOf) && (bestDate == null || d.isAfter(bestDate))) {
				best = c;
				bestDate = d;
			}
		}
		return best;
	}

	private static String courseName(Condition c) {
		for (Coding coding : c.getCode().getCoding()) {
			if (AnalyticsCodes.SNOMED.equals(coding.getSystem()) && AnalyticsCodes.DIAGNOSES.containsKey(coding.getCode())) {
				return AnalyticsCodes.DIAGNOSES.get(coding.getCode());
			}
		}
		return null;
	}

	private static LocalDate fullDate(DateType date) {
		String text = date.getValueAsString();
		if (text.length() != 10) {
			throw AnalysisRequest.bad("date", "must be a full date (YYYY-MM-DD), got '" + text + "'");
		}
		try {
			return LocalDate.parse(text);
		} catch (java.time.format.DateTimeParseException e) {
			throw AnalysisRequest.bad("date", "must be a full date (YYYY-MM-DD), got '" + text + "'");
		}
	}

	private static String number(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}

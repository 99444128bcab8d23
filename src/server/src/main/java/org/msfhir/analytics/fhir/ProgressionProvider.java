package org.msfhir.analytics.fhir;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.msfhir.analytics.DiseaseActivity;
import org.msfhir.analytics.GroupSummariser;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.PatientOutcome;
import org.msfhir.analytics.PatientProgression;
import org.msfhir.analytics.ProgressionEngine;
import org.msfhir.analytics.RelapseMetrics;

/**
 * {@code $ms-progression}: confirmed disability worsening (EDSS, T25FW, 9HPT, SDMT) classified RAW / PIRA /
 * UNDETERMINED, time to first event, and relapse and activity measures (annualised relapse rate, time since
 * the last relapse, NEDA-3 and Lublin activity over the window and per calendar year), at
 * {@code Patient/[id]}, {@code Patient?patient=[id]} (type level) and {@code Group/[id]} (per member plus a
 * GroupSummary per measure). Every threshold is a parameter with the default of docs/progression.md.
 */
public class ProgressionProvider {

	private final HistoryReader reader;
	private final DerivedEventWriter writer;
	private final IFhirResourceDao<Patient> patientDao;
	private final IFhirResourceDao<Group> groupDao;
	private final AnalyticsProperties properties;

	ProgressionProvider(HistoryReader reader, DerivedEventWriter writer, IFhirResourceDao<Patient> patientDao,
			IFhirResourceDao<Group> groupDao, AnalyticsProperties properties) {
		this.reader = reader;
		this.writer = writer;
		this.patientDao = patientDao;
		this.groupDao = groupDao;
		this.properties = properties;
	}

	@Description(shortDefinition = "Confirmed disability worsening (RAW/PIRA), time to first event, relapse rate,"
			+ " NEDA-3 and Lublin activity of one patient (docs/progression.md)")
	@Operation(name = "$ms-progression", type = Patient.class, idempotent = true)
	public Parameters patient(
			@IdParam(optional = true) IIdType id,
			@Description(shortDefinition = "Patient id, at type level only") @OperationParam(name = "patient", max = 1) StringType patient,
			@Description(shortDefinition = "fixed or roving (default roving)") @OperationParam(name = "reference", max = 1) CodeType reference,
			@Description(shortDefinition = "EDSS increase needed from 0 (default 1.5)") @OperationParam(name = "edss-delta-from-zero", max = 1) DecimalType d0,
			@Description(shortDefinition = "EDSS increase needed up to the boundary (default 1.0)") @OperationParam(name = "edss-delta-up-to-boundary", max = 1) DecimalType d1,
			@Description(shortDefinition = "EDSS increase needed above the boundary (default 0.5)") @OperationParam(name = "edss-delta-above-boundary", max = 1) DecimalType d2,
			@Description(shortDefinition = "Highest reference needing the middle increase (default 5.0; 5.5 alternative)") @OperationParam(name = "edss-boundary", max = 1) DecimalType boundary,
			@Description(shortDefinition = "Confirmation after at least this many weeks (default 24)") @OperationParam(name = "confirmation-weeks", max = 1) IntegerType weeks,
			@Description(shortDefinition = "Visits 0..N days after a relapse onset are neither reference nor confirmation (default 30)") @OperationParam(name = "relapse-exclusion-days", max = 1) IntegerType exclusion,
			@Description(shortDefinition = "Onset 0..N days after a relapse onset is RAW (default 90)") @OperationParam(name = "raw-window-days", max = 1) IntegerType raw,
			@Description(shortDefinition = "PIRA: relapse-free days before onset and confirmation (default 90)") @OperationParam(name = "pira-days-before", max = 1) IntegerType piraBefore,
			@Description(shortDefinition = "PIRA: relapse-free days after onset and confirmation (default 30)") @OperationParam(name = "pira-days-after", max = 1) IntegerType piraAfter,
			@Description(shortDefinition = "T25FW/9HPT relative increase that is worsening (default 0.20)") @OperationParam(name = "timed-test-fraction", max = 1) DecimalType timed,
			@Description(shortDefinition = "SDMT drop in points that is worsening (default 3)") @OperationParam(name = "sdmt-points", max = 1) DecimalType sdmtPoints,
			@Description(shortDefinition = "SDMT relative drop that is worsening (default 0.10)") @OperationParam(name = "sdmt-fraction", max = 1) DecimalType sdmtFraction,
			@Description(shortDefinition = "points, percent, either or both (default either)") @OperationParam(name = "sdmt-rule", max = 1) CodeType sdmtRule,
			@Description(shortDefinition = "RAW events count for Lublin 'with progression' (default false)") @OperationParam(name = "progression-includes-raw", max = 1) BooleanType includesRaw,
			@Description(shortDefinition = "Activity window start (default: to minus 2 years)") @OperationParam(name = "from", max = 1) DateType from,
			@Description(shortDefinition = "Activity window end, excluded (default: tomorrow)") @OperationParam(name = "to", max = 1) DateType to,
			@Description(shortDefinition = "Also store each event as an Observation with Provenance (default false)") @OperationParam(name = "persist", max = 1) BooleanType persist,
			RequestDetails request) {
		AnalysisRequest analysis = new AnalysisRequest.Builder().reference(reference).edssDeltaFromZero(d0)
				.edssDeltaUpToBoundary(d1).edssDeltaAboveBoundary(d2).edssBoundary(boundary).confirmationWeeks(weeks)
				.relapseExclusionDays(exclusion).rawWindowDays(raw).piraDaysBefore(piraBefore).piraDaysAfter(piraAfter)
				.timedTestFraction(timed).sdmtPoints(sdmtPoints).sdmtFraction(sdmtFraction).sdmtRule(sdmtRule)
				.progressionIncludesRaw(includesRaw).from(from).to(to).persist(persist).build();
		String patientId = patientId(id, patient);
		patientDao.read(new IdType("Patient", patientId), request);
		PatientData data = reader.read(List.of(patientId), false).get(patientId);
		Parameters out = new Parameters();
		analyse(out, data, analysis, request);
		return out;
	}

	@Description(shortDefinition = "$ms-progression for every member of a Group, plus a GroupSummary per measure")
	@Operation(name = "$ms-progression", type = Group.class, idempotent = true)
	public Parameters group(
			@IdParam IIdType id,
			@Description(shortDefinition = "fixed or roving (default roving)") @OperationParam(name = "reference", max = 1) CodeType reference,
			@Description(shortDefinition = "EDSS increase needed from 0 (default 1.5)") @OperationParam(name = "edss-delta-from-zero", max = 1) DecimalType d0,
			@Description(shortDefinition = "EDSS increase needed up to the boundary (default 1.0)") @OperationParam(name = "edss-delta-up-to-boundary", max = 1) DecimalType d1,
			@Description(shortDefinition = "EDSS increase needed above the boundary (default 0.5)") @OperationParam(name = "edss-delta-above-boundary", max = 1) DecimalType d2,
			@Description(shortDefinition = "Highest reference needing the middle increase (default 5.0; 5.5 alternative)") @OperationParam(name = "edss-boundary", max = 1) DecimalType boundary,
			@Description(shortDefinition = "Confirmation after at least this many weeks (default 24)") @OperationParam(name = "confirmation-weeks", max = 1) IntegerType weeks,
			@Description(shortDefinition = "Visits 0..N days after a relapse onset are neither reference nor confirmation (default 30)") @OperationParam(name = "relapse-exclusion-days", max = 1) IntegerType exclusion,
			@Description(shortDefinition = "Onset 0..N days after a relapse onset is RAW (default 90)") @OperationParam(name = "raw-window-days", max = 1) IntegerType raw,
			@Description(shortDefinition = "PIRA: relapse-free days before onset and confirmation (default 90)") @OperationParam(name = "pira-days-before", max = 1) IntegerType piraBefore,
			@Description(shortDefinition = "PIRA: relapse-free days after onset and confirmation (default 30)") @OperationParam(name = "pira-days-after", max = 1) IntegerType piraAfter,
			@Description(shortDefinition = "T25FW/9HPT relative increase that is worsening (default 0.20)") @OperationParam(name = "timed-test-fraction", max = 1) DecimalType timed,
			@Description(shortDefinition = "SDMT drop in points that is worsening (default 3)") @OperationParam(name = "sdmt-points", max = 1) DecimalType sdmtPoints,
			@Description(shortDefinition = "SDMT relative drop that is worsening (default 0.10)") @OperationParam(name = "sdmt-fraction", max = 1) DecimalType sdmtFraction,
			@Description(shortDefinition = "points, percent, either or both (default either)") @OperationParam(name = "sdmt-rule", max = 1) CodeType sdmtRule,
			@Description(shortDefinition = "RAW events count for Lublin 'with progression' (default false)") @OperationParam(name = "progression-includes-raw", max = 1) BooleanType includesRaw,
			@Description(shortDefinition = "Activity window start (default: to minus 2 years)") @OperationParam(name = "from", max = 1) DateType from,
			@Description(shortDefinition = "Activity window end, excluded (default: tomorrow)") @OperationParam(name = "to", max = 1) DateType to,
			@Description(shortDefinition = "Also store each event as an Observation with Provenance (default false)") @OperationParam(name = "persist", max = 1) BooleanType persist,
			RequestDetails request) {
		AnalysisRequest analysis = new AnalysisRequest.Builder().reference(reference).edssDeltaFromZero(d0)
				.edssDeltaUpToBoundary(d1).edssDeltaAboveBoundary(d2).edssBoundary(boundary).confirmationWeeks(weeks)
				.relapseExclusionDays(exclusion).rawWindowDays(raw).piraDaysBefore(piraBefore).piraDaysAfter(piraAfter)
				.timedTestFraction(timed).sdmtPoints(sdmtPoints).sdmtFraction(sdmtFraction).sdmtRule(sdmtRule)
				.progressionIncludesRaw(includesRaw).from(from).to(to).persist(persist).build();
		Group group = groupDao.read(id.toUnqualifiedVersionless(), request);
		Set<String> members = new LinkedHashSet<>();
		for (Group.GroupMemberComponent member : group.getMember()) {
			if (!member.getInactive() && member.getEntity().getReferenceElement().getResourceType() != null
					&& "Patient".equals(member.getEntity().getReferenceElement().getResourceType())) {
				members.add(member.getEntity().getReferenceElement().getIdPart());
			}
		}
		if (members.size() > properties.maxGroupSize()) {
			throw new InvalidRequestException("Group/" + id.getIdPart() + " has " + members.size()
					+ " members, more than msfhir.analytics.max-group-size (" + properties.maxGroupSize() + ")");
		}
		Parameters out = new Parameters();
		out.addParameter().setName("group").setValue(new Reference("Group/" + id.getIdPart()));
		out.addParameter().setName("patients").setValue(new IntegerType(members.size()));
		List<PatientOutcome> outcomes = new ArrayList<>();
		List<String> ids = new ArrayList<>(members);
		for (int i = 0; i < ids.size(); i += properties.batchSize()) {
			Map<String, PatientData> batch = reader.read(ids.subList(i, Math.min(ids.size(), i + properties.batchSize())), false);
			for (PatientData data : batch.values()) {
				outcomes.add(analyse(out, data, analysis, request));
			}
		}
		for (Measure m : Measure.values()) {
			ProgressionParts.summary(out.addParameter().setName("summary"), GroupSummariser.summarise(m, outcomes));
		}
		return out;
	}

	private PatientOutcome analyse(Parameters out, PatientData data, AnalysisRequest analysis, RequestDetails request) {
		PatientProgression progression = new ProgressionEngine(analysis.settings()).analyse(data.history());
		var part = out.addParameter().setName("patient");
		ProgressionParts.patient(part, data, progression, analysis.window());
		if (analysis.persist()) {
			for (String stored : writer.write(data, progression, request)) {
				part.addPart().setName("stored").setValue(new Reference(stored));
			}
		}
		return new PatientOutcome(data.patientId(), progression,
				RelapseMetrics.annualisedRelapseRate(data.history().relapseOnsets(), analysis.window()),
				DiseaseActivity.neda3(data.history(), progression, analysis.window()));
	}

	private static String patientId(IIdType id, StringType patient) {
		boolean instance = id != null && id.hasIdPart();
		String param = patient == null || patient.getValue() == null ? null : patient.getValue().trim();
		if (instance && param != null) {
			throw AnalysisRequest.bad("patient", "is only for the type level (Patient/$ms-progression?patient=...);"
					+ " this call already names Patient/" + id.getIdPart());
		}
		if (instance) {
			return id.getIdPart();
		}
		if (param == null || param.isEmpty()) {
			throw AnalysisRequest.bad("patient", "is required at the type level: Patient/$ms-progression?patient=[id]");
		}
		String bare = param.startsWith("Patient/") ? param.substring("Patient/".length()) : param;
		if (!bare.matches("[A-Za-z0-9\\-.]{1,64}")) {
			throw AnalysisRequest.bad("patient", "must be a Patient id, got '" + param + "'");
		}
		return bare;
	}
}

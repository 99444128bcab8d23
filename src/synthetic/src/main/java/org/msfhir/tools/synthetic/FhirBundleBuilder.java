package org.msfhir.tools.synthetic;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.msfhir.guide.MsTerminology;
import org.msfhir.tools.synthetic.PatientHistory.CarePlanEpisode;
import org.msfhir.tools.synthetic.PatientHistory.CourseEpisode;
import org.msfhir.tools.synthetic.PatientHistory.EdssVisit;
import org.msfhir.tools.synthetic.PatientHistory.Relapse;
import org.msfhir.tools.synthetic.PatientHistory.SymptomScore;
import org.msfhir.tools.synthetic.PatientHistory.Therapy;
import org.msfhir.tools.synthetic.PatientHistory.YearlyTests;

/**
 * Writes a {@link PatientHistory} as one FHIR transaction bundle. Every entry has a {@code urn:uuid}
 * full URL (derived from the patient key, so output is reproducible) and references the patient by
 * it; the patient is a conditional create on its synthetic identifier, so a re-sent bundle points its
 * resources at the patient already stored. Every resource claims its MS profile in meta.profile.
 */
public final class FhirBundleBuilder {

	private static final String CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical";
	private static final String VERIFICATION_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
	private static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
	private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private static final String LUBLIN_QUALIFIERS = MsTerminology.EXTENSION_LUBLIN_QUALIFIERS;
	private static final String RELAPSE_RECOVERY = MsTerminology.EXTENSION_RELAPSE_RECOVERY;
	private static final String RELAPSE_STEROIDS = MsTerminology.EXTENSION_RELAPSE_STEROID_TREATED;
	private static final String DUE_TO = "http://hl7.org/fhir/StructureDefinition/condition-dueTo";

	private final PatientHistory history;
	private final Bundle bundle = new Bundle();
	private int sequence;
	private String patientUrl;
	private final java.util.List<String> diagnosisUrls = new java.util.ArrayList<>();

	private FhirBundleBuilder(PatientHistory history) {
		this.history = history;
	}

	public static Bundle build(PatientHistory history) {
		return new FhirBundleBuilder(history).buildBundle();
	}

	private Bundle buildBundle() {
		bundle.setType(Bundle.BundleType.TRANSACTION);
		patient();
		history.courses().forEach(this::diagnosis);
		history.relapses().forEach(this::relapse);
		history.edssVisits().forEach(this::edss);
		history.symptomScores().forEach(this::symptoms);
		history.yearlyTests().forEach(this::yearly);
		history.therapies().forEach(this::medication);
		history.carePlans().forEach(this::carePlan);
		return bundle;
	}

	private void patient() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(MsCodes.SYNTHETIC_PATIENT_ID).setValue(history.key());
		patient.setActive(true);
		patient.addName().setFamily(history.familyName()).addGiven(history.givenName());
		patient.setGender(history.female() ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
		patient.setBirthDateElement(new DateType(history.birthDate().toString()));
		patientUrl = add(patient, "Patient");
		bundle.getEntry().get(bundle.getEntry().size() - 1).getRequest()
				.setIfNoneExist("identifier=" + MsCodes.SYNTHETIC_PATIENT_ID + "|" + history.key());
	}

	private void diagnosis(CourseEpisode episode) {
		Condition condition = new Condition();
		profile(condition, MsCodes.PROFILE_DIAGNOSIS);
		boolean current = episode.end() == null;
		condition.setClinicalStatus(concept(CLINICAL_STATUS, current ? "active" : "resolved", null));
		condition.setVerificationStatus(concept(VERIFICATION_STATUS, "confirmed", null));
		condition.addCategory(concept(CONDITION_CATEGORY, "problem-list-item", null));
		CodeableConcept code = concept(MsCodes.SNOMED, episode.course().snomed(), episode.course().display());
		if (episode.course() != DiseaseCourse.CIS) {
			code.addCoding(new Coding(MsCodes.ICD10, MsCodes.ICD10_MS, "Multiple sclerosis"));
		}
		condition.setCode(code);
		condition.setSubject(new Reference(patientUrl));
		condition.setOnset(new DateTimeType(episode.start().toString()));
		condition.setRecordedDateElement(new DateTimeType(episode.start().toString()));
		if (!current) {
			condition.setAbatement(new DateTimeType(episode.end().toString()));
		}
		// Lublin 2014 qualifiers as assessed at the end of the episode (today for the current course).
		Extension lublin = condition.addExtension().setUrl(LUBLIN_QUALIFIERS);
		lublin.addExtension("activity", concept(MsCodes.MS_CONCEPTS, episode.activity(), null));
		if (episode.progression() != null) {
			lublin.addExtension("progression", concept(MsCodes.MS_CONCEPTS, episode.progression(), null));
		}
		LocalDate assessed = current ? history.edssVisits().get(history.edssVisits().size() - 1).date() : episode.end();
		lublin.addExtension("assessed", new DateTimeType(assessed.toString()));
		diagnosisUrls.add(add(condition, "Condition"));
	}

	/** The diagnosis (course episode) in force on a date. */
	private String diagnosisOn(LocalDate date) {
		int index = 0;
		for (int i = 0; i < history.courses().size(); i++) {
			if (!history.courses().get(i).start().isAfter(date)) index = i;
		}
		return diagnosisUrls.get(index);
	}

	private void relapse(Relapse relapse) {
		Condition condition = new Condition();
		profile(condition, MsCodes.PROFILE_RELAPSE);
		condition.setClinicalStatus(concept(CLINICAL_STATUS, relapse.resolved() == null ? "active" : "resolved", null));
		condition.setVerificationStatus(concept(VERIFICATION_STATUS, "confirmed", null));
		condition.addCategory(concept(CONDITION_CATEGORY, "encounter-diagnosis", null));
		condition.setCode(concept(MsCodes.SNOMED, MsCodes.SNOMED_RELAPSE, "Exacerbation of multiple sclerosis"));
		condition.setSeverity(concept(MsCodes.MS_CONCEPTS, relapse.severity(), null));
		condition.setSubject(new Reference(patientUrl));
		condition.setOnset(new DateTimeType(relapse.onset().toString()));
		if (relapse.resolved() != null) {
			condition.setAbatement(new DateTimeType(relapse.resolved().toString()));
		}
		condition.addExtension(DUE_TO, new Reference(diagnosisOn(relapse.onset())));
		condition.addExtension(RELAPSE_RECOVERY, concept(MsCodes.MS_CONCEPTS, relapse.recovery(), null));
		if (relapse.steroidTreated() != null) {
			condition.addExtension(RELAPSE_STEROIDS, new BooleanType(relapse.steroidTreated()));
		}
		add(condition, "Condition");
	}

	private void edss(EdssVisit visit) {
		Observation obs = observation(MsCodes.PROFILE_EDSS, "exam", MsTerminology.MSC_EDSS, visit.date());
		obs.getCode().addCoding(new Coding(MsCodes.SNOMED, MsCodes.SNOMED_EDSS, "Kurtzke multiple sclerosis rating scale"));
		// The assessing neurologist as a logical reference (identifier only): the synthetic cohort
		// has no Practitioner resources.
		obs.addPerformer(new Reference()
				.setIdentifier(new Identifier().setSystem(MsCodes.SYNTHETIC_PRACTITIONER_ID).setValue(visit.assessor()))
				.setDisplay("MS clinic neurologist " + visit.assessor()));
		obs.setValue(score(visit.total()));
		EdssScale.FunctionalSystem[] systems = EdssScale.FunctionalSystem.values();
		for (int i = 0; i < systems.length; i++) {
			obs.addComponent()
					.setCode(concept(MsCodes.MS_CONCEPTS, systems[i].code(), null))
					.setValue(new IntegerType(visit.functionalSystems()[i]));
		}
		if (visit.ambulationMetres() != null) {
			obs.addComponent()
					.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_EDSS_AMBULATION, null))
					.setValue(ucum(visit.ambulationMetres(), "m"));
		}
		add(obs, "Observation");
	}

	private void symptoms(SymptomScore score) {
		Observation penn = observation(MsCodes.PROFILE_PENN, "survey", MsTerminology.MSC_PENN_SPASM_FREQUENCY, score.date());
		penn.setValue(new IntegerType(score.pennFrequency()));
		if (score.pennSeverity() != null) {
			penn.addComponent()
					.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_PENN_SPASM_SEVERITY, null))
					.setValue(new IntegerType(score.pennSeverity()));
		}
		add(penn, "Observation");

		Observation pain = new Observation();
		profile(pain, MsCodes.PROFILE_PAIN);
		pain.setStatus(Observation.ObservationStatus.FINAL);
		pain.addCategory(concept(OBSERVATION_CATEGORY, "survey", null));
		pain.setCode(concept(MsCodes.LOINC, MsCodes.LOINC_PAIN, null));
		pain.setSubject(new Reference(patientUrl));
		pain.setEffective(new DateTimeType(score.date().toString()));
		pain.setValue(new IntegerType(score.pain()));
		if (score.painType() != null) {
			pain.addComponent()
					.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_PAIN_TYPE, null))
					.setValue(concept(MsCodes.MS_CONCEPTS, score.painType().code(), null));
		}
		add(pain, "Observation");
	}

	private void yearly(YearlyTests tests) {
		Observation mfis = observation(MsCodes.PROFILE_MFIS, "survey", MsTerminology.MSC_MFIS_TOTAL, tests.date());
		mfis.setValue(new IntegerType(tests.mfis()));
		add(mfis, "Observation");

		if (tests.t25fwSeconds() != null) {
			Observation walk = observation(MsCodes.PROFILE_T25FW, "exam", MsTerminology.MSC_T25FW, tests.date());
			walk.setValue(ucum(tests.t25fwSeconds(), "s"));
			add(walk, "Observation");
		}

		Observation peg = observation(MsCodes.PROFILE_9HPT, "exam", MsTerminology.MSC_9HPT, tests.date());
		peg.addComponent()
				.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_9HPT_DOMINANT_HAND, null))
				.setValue(ucum(tests.nhptDominantSeconds(), "s"));
		peg.addComponent()
				.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_9HPT_NON_DOMINANT_HAND, null))
				.setValue(ucum(tests.nhptNonDominantSeconds(), "s"));
		add(peg, "Observation");

		Observation sdmt = observation(MsCodes.PROFILE_SDMT, "exam", MsTerminology.MSC_SDMT, tests.date());
		sdmt.setValue(new IntegerType(tests.sdmt()));
		add(sdmt, "Observation");

		Observation mri = observation(MsCodes.PROFILE_MRI, "imaging", MsTerminology.MSC_MRI_ACTIVITY, tests.date());
		mri.addComponent()
				.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_MRI_NEW_ENLARGING_T2, null))
				.setValue(new IntegerType(tests.mriNewOrEnlargingT2()));
		mri.addComponent()
				.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_MRI_GD_ENHANCING, null))
				.setValue(new IntegerType(tests.mriGdEnhancing()));
		if (tests.mriComparisonDate() != null) {
			mri.addComponent()
					.setCode(concept(MsCodes.MS_CONCEPTS, MsTerminology.MSC_MRI_COMPARISON_DATE, null))
					.setValue(new DateTimeType(tests.mriComparisonDate().toString()));
		}
		add(mri, "Observation");
	}

	private void medication(Therapy therapy) {
		MedicationStatement statement = new MedicationStatement();
		profile(statement, MsCodes.PROFILE_MEDICATION);
		MedicationStatement.MedicationStatementStatus status = therapy.end() == null
				? MedicationStatement.MedicationStatementStatus.ACTIVE
				: therapy.completed()
						? MedicationStatement.MedicationStatementStatus.COMPLETED
						: MedicationStatement.MedicationStatementStatus.STOPPED;
		statement.setStatus(status);
		statement.setCategory(concept(MsCodes.MS_CONCEPTS, therapy.medicine().dmt() ? MsTerminology.MSC_DMT : MsTerminology.MSC_SYMPTOMATIC, null));
		Medicine medicine = therapy.medicine();
		statement.setMedication(concept(medicine.system(), medicine.code(), medicine.display()));
		statement.setSubject(new Reference(patientUrl));
		Period period = new Period().setStartElement(new DateTimeType(therapy.start().toString()));
		if (therapy.end() != null) {
			period.setEndElement(new DateTimeType(therapy.end().toString()));
		}
		statement.setEffective(period);
		statement.setDateAssertedElement(new DateTimeType(therapy.start().toString()));
		statement.addReasonCode(concept(MsCodes.SNOMED, therapy.reasonCode(), null));
		add(statement, "MedicationStatement");
	}

	private void carePlan(CarePlanEpisode episode) {
		CarePlan plan = new CarePlan();
		profile(plan, MsCodes.PROFILE_CARE_PLAN);
		plan.setStatus(episode.end() == null ? CarePlan.CarePlanStatus.ACTIVE : CarePlan.CarePlanStatus.COMPLETED);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.setTitle(episode.activity().display());
		plan.setSubject(new Reference(patientUrl));
		Period period = new Period().setStartElement(new DateTimeType(episode.start().toString()));
		if (episode.end() != null) {
			period.setEndElement(new DateTimeType(episode.end().toString()));
		}
		plan.setPeriod(period);
		plan.addAddresses(new Reference(diagnosisOn(episode.start())));
		CareActivity activity = episode.activity();
		plan.addActivity().getDetail()
				.setStatus(episode.end() == null
						? CarePlan.CarePlanActivityStatus.INPROGRESS
						: CarePlan.CarePlanActivityStatus.COMPLETED)
				.setCode(concept(activity.system(), activity.code(), activity.display()));
		add(plan, "CarePlan");
	}

	// ---- helpers -----------------------------------------------------------------------------------

	private Observation observation(String profile, String category, String code, LocalDate date) {
		Observation obs = new Observation();
		profile(obs, profile);
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.addCategory(concept(OBSERVATION_CATEGORY, category, null));
		obs.setCode(concept(MsCodes.MS_CONCEPTS, code, null));
		obs.setSubject(new Reference(patientUrl));
		obs.setEffective(new DateTimeType(date.toString()));
		return obs;
	}

	private static void profile(Resource resource, String profile) {
		resource.getMeta().addProfile(profile);
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept().addCoding(new Coding(system, code, display));
	}

	private static Quantity ucum(double value, String unit) {
		return new Quantity().setValueElement(new org.hl7.fhir.r4.model.DecimalType(BigDecimal.valueOf(value)))
				.setUnit(unit).setSystem(MsCodes.UCUM).setCode(unit);
	}

	/**
	 * EDSS totals: whole steps without a decimal place ("5", not "5.0"), half steps as "5.5". HAPI's
	 * FHIRPath evaluates the profile's invariant ms-edss-total as false for 5.0 and 10.0 (the
	 * comparison {@code (value * 2).floor() = value * 2} fails for 10.0 and 20.0), so "5.0" would be
	 * refused; reported to the profile owners.
	 */
	private static Quantity score(double value) {
		BigDecimal decimal = value == Math.floor(value) ? BigDecimal.valueOf((long) value) : BigDecimal.valueOf(value);
		return new Quantity().setValueElement(new org.hl7.fhir.r4.model.DecimalType(decimal))
				.setUnit("score").setSystem(MsCodes.UCUM).setCode("{score}");
	}

	/** Adds a POST entry with a reproducible urn:uuid full URL; returns that URL. */
	private String add(Resource resource, String type) {
		String url = "urn:uuid:" + UUID.nameUUIDFromBytes((history.key() + "/" + sequence++).getBytes(StandardCharsets.UTF_8));
		bundle.addEntry()
				.setFullUrl(url)
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl(type);
		return url;
	}
}

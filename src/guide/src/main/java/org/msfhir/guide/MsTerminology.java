package org.msfhir.guide;

import java.util.List;

/**
 * The code systems, codes and canonical URLs of the MS guide, as Java constants. Their source is the guide
 * itself (terminology/*.json and the profiles compiled from profiles/input/fsh); MsTerminologyTest fails
 * when a constant here names a code, ValueSet or profile the guide does not have.
 *
 * <p>Naming: {@code SNOMED_*}, {@code LOINC_*}, {@code ICD10_*} and {@code MSC_*} are codes of that system
 * ({@code MSC} = the local ms-concepts CodeSystem), {@code PROFILE_*} and {@code EXTENSION_*} are StructureDefinition URLs and
 * {@code VS_*} ValueSet URLs.
 */
public final class MsTerminology {

	/** Base of every canonical URL the guide defines. */
	public static final String CANONICAL = "http://msfhir.org/fhir";
	public static final String PROFILE_BASE = CANONICAL + "/StructureDefinition/";
	public static final String VALUE_SET_BASE = CANONICAL + "/ValueSet/";

	// Code systems.
	public static final String MS_CONCEPTS = CANONICAL + "/CodeSystem/ms-concepts";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String LOINC = "http://loinc.org";
	public static final String ATC = "http://www.whocc.no/atc";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
	public static final String UCUM = "http://unitsofmeasure.org";

	// SNOMED CT: diagnoses (ValueSet ms-diagnoses) and the other codes the guide uses.
	public static final String SNOMED_MS = "24700007";
	public static final String SNOMED_RRMS = "426373005";
	public static final String SNOMED_SPMS = "425500002";
	public static final String SNOMED_PPMS = "428700003";
	public static final String SNOMED_CIS = "445967004";
	public static final String SNOMED_RIS = "16415361000119105";
	/** Exacerbation of multiple sclerosis: the code of an MS relapse. */
	public static final String SNOMED_RELAPSE = "192929006";
	/** The EDSS assessment, an optional second coding of the EDSS observation. */
	public static final String SNOMED_EDSS = "273554001";
	// SNOMED CT: reasons of medication statements (ValueSet ms-statement-reasons).
	public static final String SNOMED_SPASTICITY = "221360009";
	public static final String SNOMED_SPASM = "45352006";
	public static final String SNOMED_NEUROPATHIC_PAIN = "247398009";
	public static final String SNOMED_PAIN = "22253000";
	public static final String SNOMED_FATIGUE = "84229001";
	// SNOMED CT: care-plan activities (ValueSet ms-care-activities).
	public static final String SNOMED_PHYSIOTHERAPY = "91251008";
	public static final String SNOMED_OCCUPATIONAL_THERAPY = "84478008";
	public static final String SNOMED_SPEECH_THERAPY = "5154007";
	public static final String SNOMED_CBT = "304891004";

	/** Pain severity 0-10 (the pain score). */
	public static final String LOINC_PAIN = "72514-3";
	public static final String ICD10_MS = "G35";

	// ms-concepts: measures and their components.
	public static final String MSC_EDSS = "edss";
	public static final String MSC_EDSS_FS_PYRAMIDAL = "edss-fs-pyramidal";
	public static final String MSC_EDSS_FS_CEREBELLAR = "edss-fs-cerebellar";
	public static final String MSC_EDSS_FS_BRAINSTEM = "edss-fs-brainstem";
	public static final String MSC_EDSS_FS_SENSORY = "edss-fs-sensory";
	public static final String MSC_EDSS_FS_BOWEL_BLADDER = "edss-fs-bowel-bladder";
	public static final String MSC_EDSS_FS_VISUAL = "edss-fs-visual";
	public static final String MSC_EDSS_FS_CEREBRAL = "edss-fs-cerebral";
	public static final String MSC_EDSS_FS_OTHER = "edss-fs-other";
	public static final String MSC_EDSS_AMBULATION = "edss-ambulation";
	public static final String MSC_PENN_SPASM_FREQUENCY = "penn-spasm-frequency";
	public static final String MSC_PENN_SPASM_SEVERITY = "penn-spasm-severity";
	public static final String MSC_MFIS_TOTAL = "mfis-total";
	public static final String MSC_MFIS5_TOTAL = "mfis5-total";
	public static final String MSC_T25FW = "t25fw";
	public static final String MSC_9HPT = "9hpt";
	public static final String MSC_9HPT_DOMINANT_HAND = "9hpt-dominant-hand";
	public static final String MSC_9HPT_NON_DOMINANT_HAND = "9hpt-non-dominant-hand";
	public static final String MSC_SDMT = "sdmt";
	public static final String MSC_PAIN_TYPE = "pain-type";
	// ms-concepts: MRI activity assessment and derived disability-worsening events.
	public static final String MSC_MRI_ACTIVITY = "mri-activity";
	public static final String MSC_MRI_NEW_ENLARGING_T2 = "mri-new-enlarging-t2";
	public static final String MSC_MRI_GD_ENHANCING = "mri-gd-enhancing";
	public static final String MSC_MRI_COMPARISON_DATE = "mri-comparison-date";
	public static final String MSC_DISABILITY_WORSENING_EVENT = "disability-worsening-event";
	public static final String MSC_DISABILITY_WORSENING_CLASS = "disability-worsening-class";
	public static final String MSC_WORSENING_RAW = "raw";
	public static final String MSC_WORSENING_PIRA = "pira";
	public static final String MSC_WORSENING_UNDETERMINED = "worsening-undetermined";
	// ms-concepts: Lublin qualifiers, relapse severity and recovery.
	public static final String MSC_ACTIVE = "active";
	public static final String MSC_NOT_ACTIVE = "not-active";
	public static final String MSC_ACTIVITY_INDETERMINATE = "activity-indeterminate";
	public static final String MSC_WITH_PROGRESSION = "with-progression";
	public static final String MSC_WITHOUT_PROGRESSION = "without-progression";
	public static final String MSC_RELAPSE_SEVERITY_MILD = "relapse-severity-mild";
	public static final String MSC_RELAPSE_SEVERITY_MODERATE = "relapse-severity-moderate";
	public static final String MSC_RELAPSE_SEVERITY_SEVERE = "relapse-severity-severe";
	public static final String MSC_RELAPSE_RECOVERY_COMPLETE = "relapse-recovery-complete";
	public static final String MSC_RELAPSE_RECOVERY_PARTIAL = "relapse-recovery-partial";
	public static final String MSC_RELAPSE_RECOVERY_NONE = "relapse-recovery-none";
	public static final String MSC_RELAPSE_RECOVERY_UNKNOWN = "relapse-recovery-unknown";
	// ms-concepts: pain types, medication categories, care activities.
	public static final String MSC_PAIN_NEUROPATHIC = "pain-neuropathic";
	public static final String MSC_PAIN_SPASTICITY = "pain-spasticity";
	public static final String MSC_PAIN_MUSCULOSKELETAL = "pain-musculoskeletal";
	public static final String MSC_PAIN_OTHER = "pain-other";
	public static final String MSC_DMT = "dmt";
	public static final String MSC_SYMPTOMATIC = "symptomatic";
	public static final String MSC_CARE_DMT = "care-dmt";
	public static final String MSC_CARE_SPASTICITY = "care-spasticity";
	public static final String MSC_CARE_PAIN = "care-pain";
	public static final String MSC_CARE_BLADDER = "care-bladder";
	public static final String MSC_CARE_FATIGUE = "care-fatigue";

	// Profiles.
	public static final String PROFILE_DIAGNOSIS = PROFILE_BASE + "ms-diagnosis";
	public static final String PROFILE_RELAPSE = PROFILE_BASE + "ms-relapse";
	public static final String PROFILE_EDSS = PROFILE_BASE + "ms-edss";
	public static final String PROFILE_PENN_SPASM = PROFILE_BASE + "ms-penn-spasm";
	public static final String PROFILE_PAIN_SCORE = PROFILE_BASE + "ms-pain-score";
	public static final String PROFILE_MFIS = PROFILE_BASE + "ms-mfis";
	public static final String PROFILE_MFIS5 = PROFILE_BASE + "ms-mfis5";
	public static final String PROFILE_T25FW = PROFILE_BASE + "ms-t25fw";
	public static final String PROFILE_9HPT = PROFILE_BASE + "ms-9hpt";
	public static final String PROFILE_SDMT = PROFILE_BASE + "ms-sdmt";
	public static final String PROFILE_MRI_ACTIVITY = PROFILE_BASE + "ms-mri-activity";
	public static final String PROFILE_MEDICATION_STATEMENT = PROFILE_BASE + "ms-medication-statement";
	public static final String PROFILE_CARE_PLAN = PROFILE_BASE + "ms-care-plan";

	/** Extensions of the guide (StructureDefinitions too). */
	public static final String EXTENSION_LUBLIN_QUALIFIERS = PROFILE_BASE + "ms-lublin-qualifiers";
	public static final String EXTENSION_RELAPSE_RECOVERY = PROFILE_BASE + "ms-relapse-recovery";
	public static final String EXTENSION_RELAPSE_STEROID_TREATED = PROFILE_BASE + "ms-relapse-steroid-treated";

	/** The resource profiles, in the order of the guide. */
	public static final List<String> PROFILES = List.of(
			PROFILE_DIAGNOSIS, PROFILE_RELAPSE, PROFILE_EDSS, PROFILE_PENN_SPASM, PROFILE_PAIN_SCORE, PROFILE_MFIS,
			PROFILE_MFIS5, PROFILE_T25FW, PROFILE_9HPT, PROFILE_SDMT, PROFILE_MRI_ACTIVITY, PROFILE_MEDICATION_STATEMENT,
			PROFILE_CARE_PLAN);

	// Value sets.
	public static final String VS_DIAGNOSES = VALUE_SET_BASE + "ms-diagnoses";
	public static final String VS_DISEASE_COURSES = VALUE_SET_BASE + "ms-disease-courses";
	public static final String VS_MEDICINES = VALUE_SET_BASE + "ms-medicines";
	public static final String VS_DMT = VALUE_SET_BASE + "ms-dmt";
	public static final String VS_SYMPTOMATIC_MEDICINES = VALUE_SET_BASE + "ms-symptomatic-medicines";
	public static final String VS_PAIN_TYPES = VALUE_SET_BASE + "ms-pain-types";
	public static final String VS_CARE_ACTIVITIES = VALUE_SET_BASE + "ms-care-activities";
	public static final String VS_LUBLIN_ACTIVITY = VALUE_SET_BASE + "ms-lublin-activity";
	public static final String VS_LUBLIN_PROGRESSION = VALUE_SET_BASE + "ms-lublin-progression";
	public static final String VS_RELAPSE_SEVERITY = VALUE_SET_BASE + "ms-relapse-severity";
	public static final String VS_RELAPSE_RECOVERY = VALUE_SET_BASE + "ms-relapse-recovery";
	public static final String VS_MEDICATION_CATEGORY = VALUE_SET_BASE + "ms-medication-category";
	public static final String VS_STATEMENT_REASONS = VALUE_SET_BASE + "ms-statement-reasons";

	private MsTerminology() {}

	/** The canonical URL of a profile id, e.g. {@code ms-edss}. */
	public static String profile(String id) {
		return PROFILE_BASE + id;
	}

	/** {@code system|code}, the token form used in searches and code sets. */
	public static String token(String system, String code) {
		return system + "|" + code;
	}
}

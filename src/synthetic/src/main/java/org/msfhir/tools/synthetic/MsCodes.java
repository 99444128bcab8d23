package org.msfhir.tools.synthetic;

import org.msfhir.guide.MsTerminology;

/**
 * The code systems, codes and profile URLs the generator writes, under the generator's names: the values
 * are the guide's ({@link MsTerminology}); only the synthetic identifier systems are defined here.
 */
public final class MsCodes {

	private MsCodes() {}

	public static final String CANONICAL = MsTerminology.CANONICAL;
	public static final String MS_CONCEPTS = MsTerminology.MS_CONCEPTS;
	public static final String SNOMED = MsTerminology.SNOMED;
	public static final String LOINC = MsTerminology.LOINC;
	public static final String ATC = MsTerminology.ATC;
	public static final String RXNORM = MsTerminology.RXNORM;
	public static final String ICD10 = MsTerminology.ICD10;
	public static final String UCUM = MsTerminology.UCUM;

	/** Identifier system of synthetic patients: marks every generated record as not a real person. */
	public static final String SYNTHETIC_PATIENT_ID = CANONICAL + "/sid/synthetic-patient";

	/** Identifier system of the (fictional) assessing neurologists, referenced logically. */
	public static final String SYNTHETIC_PRACTITIONER_ID = CANONICAL + "/sid/synthetic-practitioner";

	public static final String SNOMED_MS = MsTerminology.SNOMED_MS;
	public static final String SNOMED_RELAPSE = MsTerminology.SNOMED_RELAPSE;
	public static final String SNOMED_EDSS = MsTerminology.SNOMED_EDSS;
	public static final String LOINC_PAIN = MsTerminology.LOINC_PAIN;
	public static final String ICD10_MS = MsTerminology.ICD10_MS;

	/** The profile canonical URL of a profile id, e.g. {@code ms-edss}. */
	public static String profile(String id) {
		return MsTerminology.profile(id);
	}

	public static final String PROFILE_DIAGNOSIS = MsTerminology.PROFILE_DIAGNOSIS;
	public static final String PROFILE_RELAPSE = MsTerminology.PROFILE_RELAPSE;
	public static final String PROFILE_EDSS = MsTerminology.PROFILE_EDSS;
	public static final String PROFILE_PENN = MsTerminology.PROFILE_PENN_SPASM;
	public static final String PROFILE_PAIN = MsTerminology.PROFILE_PAIN_SCORE;
	public static final String PROFILE_MFIS = MsTerminology.PROFILE_MFIS;
	public static final String PROFILE_T25FW = MsTerminology.PROFILE_T25FW;
	public static final String PROFILE_9HPT = MsTerminology.PROFILE_9HPT;
	public static final String PROFILE_SDMT = MsTerminology.PROFILE_SDMT;
	public static final String PROFILE_MRI = MsTerminology.PROFILE_MRI_ACTIVITY;
	public static final String PROFILE_MEDICATION = MsTerminology.PROFILE_MEDICATION_STATEMENT;
	public static final String PROFILE_CARE_PLAN = MsTerminology.PROFILE_CARE_PLAN;
}

package org.msfhir.validation;

import java.util.List;
import java.util.Set;
import org.msfhir.guide.MsTerminology;

/**
 * Canonical URLs of the MS profiles and of the code systems and value sets that define them, under the
 * names the validation uses; the values are the guide's ({@link MsTerminology}).
 */
public final class MsProfiles {

	public static final String CANONICAL_BASE = MsTerminology.CANONICAL;
	public static final String PROFILE_BASE = MsTerminology.PROFILE_BASE;
	public static final String VALUE_SET_BASE = MsTerminology.VALUE_SET_BASE;
	public static final String MS_CONCEPTS = MsTerminology.MS_CONCEPTS;
	public static final String SNOMED = MsTerminology.SNOMED;
	public static final String LOINC = MsTerminology.LOINC;

	public static final String DIAGNOSIS = MsTerminology.PROFILE_DIAGNOSIS;
	public static final String RELAPSE = MsTerminology.PROFILE_RELAPSE;
	public static final String EDSS = MsTerminology.PROFILE_EDSS;
	public static final String PENN_SPASM = MsTerminology.PROFILE_PENN_SPASM;
	public static final String PAIN_SCORE = MsTerminology.PROFILE_PAIN_SCORE;
	public static final String MFIS = MsTerminology.PROFILE_MFIS;
	public static final String MFIS5 = MsTerminology.PROFILE_MFIS5;
	public static final String T25FW = MsTerminology.PROFILE_T25FW;
	public static final String NINE_HPT = MsTerminology.PROFILE_9HPT;
	public static final String SDMT = MsTerminology.PROFILE_SDMT;
	/** MRI activity assessment: validated by the full validator only (no fast path). */
	public static final String MRI_ACTIVITY = MsTerminology.PROFILE_MRI_ACTIVITY;
	public static final String MEDICATION_STATEMENT = MsTerminology.PROFILE_MEDICATION_STATEMENT;
	public static final String CARE_PLAN = MsTerminology.PROFILE_CARE_PLAN;

	/** All MS profiles (contract table), in the order of the guide. */
	public static final List<String> ALL = MsTerminology.PROFILES;

	/** Resource types that have MS profiles: only these are ever looked at by the write validation. */
	public static final Set<String> PROFILED_TYPES =
			Set.of("Condition", "Observation", "MedicationStatement", "CarePlan");

	/** ValueSet whose codes make a Condition an MS diagnosis. */
	public static final String DIAGNOSES_VALUE_SET = MsTerminology.VS_DIAGNOSES;
	/** ValueSet whose codes make a MedicationStatement an MS medication statement. */
	public static final String MEDICINES_VALUE_SET = MsTerminology.VS_MEDICINES;
	/** SNOMED CT "Exacerbation of multiple sclerosis": the code of an MS relapse. */
	public static final String RELAPSE_CODE = MsTerminology.SNOMED_RELAPSE;

	private MsProfiles() {}

	/** Strips a {@code |version} suffix from a canonical reference. */
	public static String withoutVersion(String canonical) {
		int bar = canonical.indexOf('|');
		return bar < 0 ? canonical : canonical.substring(0, bar);
	}

	/** Whether a canonical URL (with or without version) names a StructureDefinition of this guide. */
	public static boolean isMsProfile(String canonical) {
		return canonical != null && canonical.startsWith(PROFILE_BASE);
	}
}

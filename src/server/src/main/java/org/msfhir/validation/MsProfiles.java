package org.msfhir.validation;

import java.util.List;
import java.util.Set;

/** Canonical URLs of the MS profiles and of the code systems and value sets that define them. */
public final class MsProfiles {

	public static final String CANONICAL_BASE = "http://msfhir.org/fhir";
	public static final String PROFILE_BASE = CANONICAL_BASE + "/StructureDefinition/";
	public static final String VALUE_SET_BASE = CANONICAL_BASE + "/ValueSet/";
	public static final String MS_CONCEPTS = CANONICAL_BASE + "/CodeSystem/ms-concepts";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String LOINC = "http://loinc.org";

	public static final String DIAGNOSIS = PROFILE_BASE + "ms-diagnosis";
	public static final String RELAPSE = PROFILE_BASE + "ms-relapse";
	public static final String EDSS = PROFILE_BASE + "ms-edss";
	public static final String PENN_SPASM = PROFILE_BASE + "ms-penn-spasm";
	public static final String PAIN_SCORE = PROFILE_BASE + "ms-pain-score";
	public static final String MFIS = PROFILE_BASE + "ms-mfis";
	public static final String MFIS5 = PROFILE_BASE + "ms-mfis5";
	public static final String T25FW = PROFILE_BASE + "ms-t25fw";
	public static final String NINE_HPT = PROFILE_BASE + "ms-9hpt";
	public static final String SDMT = PROFILE_BASE + "ms-sdmt";
	/** MRI activity assessment: validated by the full validator only (no fast path). */
	public static final String MRI_ACTIVITY = PROFILE_BASE + "ms-mri-activity";
	public static final String MEDICATION_STATEMENT = PROFILE_BASE + "ms-medication-statement";
	public static final String CARE_PLAN = PROFILE_BASE + "ms-care-plan";

	/** All MS profiles (contract table), in the order of the guide. */
	public static final List<String> ALL = List.of(
			DIAGNOSIS, RELAPSE, EDSS, PENN_SPASM, PAIN_SCORE, MFIS, MFIS5, T25FW, NINE_HPT, SDMT, MRI_ACTIVITY,
			MEDICATION_STATEMENT, CARE_PLAN);

	/** Resource types that have MS profiles: only these are ever looked at by the write validation. */
	public static final Set<String> PROFILED_TYPES =
			Set.of("Condition", "Observation", "MedicationStatement", "CarePlan");

	/** ValueSet whose codes make a Condition an MS diagnosis. */
	public static final String DIAGNOSES_VALUE_SET = VALUE_SET_BASE + "ms-diagnoses";
	/** ValueSet whose codes make a MedicationStatement an MS medication statement. */
	public static final String MEDICINES_VALUE_SET = VALUE_SET_BASE + "ms-medicines";
	/** SNOMED CT "Exacerbation of multiple sclerosis": the code of an MS relapse. */
	public static final String RELAPSE_CODE = "192929006";

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

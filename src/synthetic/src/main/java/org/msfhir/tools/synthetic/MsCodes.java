package org.msfhir.tools.synthetic;

/**
 * The code systems, codes and profile URLs the generator writes. All come from the project contract
 * ({@code /work/contract.md}) and the checked MS domain notes; nothing else may be used.
 */
public final class MsCodes {

	private MsCodes() {}

	public static final String CANONICAL = "http://msfhir.org/fhir";
	public static final String MS_CONCEPTS = CANONICAL + "/CodeSystem/ms-concepts";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String LOINC = "http://loinc.org";
	public static final String ATC = "http://www.whocc.no/atc";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
	public static final String UCUM = "http://unitsofmeasure.org";

	/** Identifier system of synthetic patients: marks every generated record as not a real person. */
	public static final String SYNTHETIC_PATIENT_ID = CANONICAL + "/sid/synthetic-patient";

	/** Identifier system of the (fictional) assessing neurologists, referenced logically. */
	public static final String SYNTHETIC_PRACTITIONER_ID = CANONICAL + "/sid/synthetic-practitioner";

	public static final String SNOMED_MS = "24700007";
	public static final String SNOMED_RELAPSE = "192929006";
	public static final String SNOMED_EDSS = "273554001";
	public static final String LOINC_PAIN = "72514-3";
	public static final String ICD10_MS = "G35";

	/** The profile canonical URL of a profile id, e.g. {@code ms-edss}. */
	public static String profile(String id) {
		return CANONICAL + "/StructureDefinition/" + id;
	}

	public static final String PROFILE_DIAGNOSIS = profile("ms-diagnosis");
	public static final String PROFILE_RELAPSE = profile("ms-relapse");
	public static final String PROFILE_EDSS = profile("ms-edss");
	public static final String PROFILE_PENN = profile("ms-penn-spasm");
	public static final String PROFILE_PAIN = profile("ms-pain-score");
	public static final String PROFILE_MFIS = profile("ms-mfis");
	public static final String PROFILE_T25FW = profile("ms-t25fw");
	public static final String PROFILE_9HPT = profile("ms-9hpt");
	public static final String PROFILE_SDMT = profile("ms-sdmt");
	public static final String PROFILE_MRI = profile("ms-mri-activity");
	public static final String PROFILE_MEDICATION = profile("ms-medication-statement");
	public static final String PROFILE_CARE_PLAN = profile("ms-care-plan");
}

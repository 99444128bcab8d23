package org.msfhir.tools.synthetic;

import org.msfhir.guide.MsTerminology;

/** Care-plan activities (ValueSet ms-care-activities): SNOMED procedures and local ms-concepts codes. */
public enum CareActivity {
	PHYSIOTHERAPY(MsCodes.SNOMED, MsTerminology.SNOMED_PHYSIOTHERAPY, "Physical therapy procedure"),
	OCCUPATIONAL_THERAPY(MsCodes.SNOMED, MsTerminology.SNOMED_OCCUPATIONAL_THERAPY, "Occupational therapy"),
	SPEECH_THERAPY(MsCodes.SNOMED, MsTerminology.SNOMED_SPEECH_THERAPY, "Speech therapy"),
	COGNITIVE_BEHAVIOURAL_THERAPY(MsCodes.SNOMED, MsTerminology.SNOMED_CBT, "Cognitive behavioral therapy"),
	DMT_MANAGEMENT(MsCodes.MS_CONCEPTS, MsTerminology.MSC_CARE_DMT, "Disease-modifying therapy management"),
	SPASTICITY(MsCodes.MS_CONCEPTS, MsTerminology.MSC_CARE_SPASTICITY, "Spasticity management"),
	PAIN(MsCodes.MS_CONCEPTS, MsTerminology.MSC_CARE_PAIN, "Pain management"),
	BLADDER(MsCodes.MS_CONCEPTS, MsTerminology.MSC_CARE_BLADDER, "Bladder management"),
	FATIGUE(MsCodes.MS_CONCEPTS, MsTerminology.MSC_CARE_FATIGUE, "Fatigue management");

	private final String system;
	private final String code;
	private final String display;

	CareActivity(String system, String code, String display) {
		this.system = system;
		this.code = code;
		this.display = display;
	}

	public String system() {
		return system;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}
}

package org.msfhir.tools.synthetic;

/** Care-plan activities (ValueSet ms-care-activities): SNOMED procedures and local ms-concepts codes. */
public enum CareActivity {
	PHYSIOTHERAPY(MsCodes.SNOMED, "91251008", "Physical therapy procedure"),
	OCCUPATIONAL_THERAPY(MsCodes.SNOMED, "84478008", "Occupational therapy"),
	SPEECH_THERAPY(MsCodes.SNOMED, "5154007", "Speech therapy"),
	COGNITIVE_BEHAVIOURAL_THERAPY(MsCodes.SNOMED, "304891004", "Cognitive behavioral therapy"),
	DMT_MANAGEMENT(MsCodes.MS_CONCEPTS, "care-dmt", "Disease-modifying therapy management"),
	SPASTICITY(MsCodes.MS_CONCEPTS, "care-spasticity", "Spasticity management"),
	PAIN(MsCodes.MS_CONCEPTS, "care-pain", "Pain management"),
	BLADDER(MsCodes.MS_CONCEPTS, "care-bladder", "Bladder management"),
	FATIGUE(MsCodes.MS_CONCEPTS, "care-fatigue", "Fatigue management");

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

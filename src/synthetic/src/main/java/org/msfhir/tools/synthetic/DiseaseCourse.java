package org.msfhir.tools.synthetic;

/** MS disease courses (Lublin 2014) with their SNOMED CT codes (ValueSet ms-disease-courses). */
public enum DiseaseCourse {
	CIS("445967004", "Clinically isolated syndrome"),
	RRMS("426373005", "Relapsing remitting multiple sclerosis"),
	SPMS("425500002", "Secondary progressive multiple sclerosis"),
	PPMS("428700003", "Primary progressive multiple sclerosis");

	private final String snomed;
	private final String display;

	DiseaseCourse(String snomed, String display) {
		this.snomed = snomed;
		this.display = display;
	}

	public String snomed() {
		return snomed;
	}

	public String display() {
		return display;
	}

	/** SPMS and PPMS carry a progression qualifier as well as the activity qualifier. */
	public boolean progressive() {
		return this == SPMS || this == PPMS;
	}
}

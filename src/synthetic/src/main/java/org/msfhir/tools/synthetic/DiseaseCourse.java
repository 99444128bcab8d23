package org.msfhir.tools.synthetic;

import org.msfhir.guide.MsTerminology;

/** MS disease courses (Lublin 2014) with their SNOMED CT codes (ValueSet ms-disease-courses). */
public enum DiseaseCourse {
	CIS(MsTerminology.SNOMED_CIS, "Clinically isolated syndrome"),
	RRMS(MsTerminology.SNOMED_RRMS, "Relapsing remitting multiple sclerosis"),
	SPMS(MsTerminology.SNOMED_SPMS, "Secondary progressive multiple sclerosis"),
	PPMS(MsTerminology.SNOMED_PPMS, "Primary progressive multiple sclerosis");

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

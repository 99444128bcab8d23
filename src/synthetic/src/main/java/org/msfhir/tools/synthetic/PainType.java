package org.msfhir.tools.synthetic;

import org.msfhir.guide.MsTerminology;

/** Pain types (ValueSet ms-pain-types, local ms-concepts codes). */
public enum PainType {
	NEUROPATHIC(MsTerminology.MSC_PAIN_NEUROPATHIC),
	SPASTICITY(MsTerminology.MSC_PAIN_SPASTICITY),
	MUSCULOSKELETAL(MsTerminology.MSC_PAIN_MUSCULOSKELETAL),
	OTHER(MsTerminology.MSC_PAIN_OTHER);

	private final String code;

	PainType(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}
}

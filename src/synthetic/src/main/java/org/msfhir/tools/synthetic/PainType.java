package org.msfhir.tools.synthetic;

/** Pain types (ValueSet ms-pain-types, local ms-concepts codes). */
public enum PainType {
	NEUROPATHIC("pain-neuropathic"),
	SPASTICITY("pain-spasticity"),
	MUSCULOSKELETAL("pain-musculoskeletal"),
	OTHER("pain-other");

	private final String code;

	PainType(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}
}

package org.msfhir.tools.synthetic;

/**
 * MS medicines the generator prescribes, with the current (post-2024) ATC code, or RxNorm where the
 * guide's terminology has no ATC code (duloxetine). {@link Line} orders disease-modifying therapies for
 * escalation: first-line injectables, then orals, then monoclonal antibodies.
 */
public enum Medicine {
	INTERFERON_BETA_1A("interferon beta-1a", Line.INJECTABLE, MsCodes.ATC, "L03AB07"),
	PEGINTERFERON_BETA_1A("peginterferon beta-1a", Line.INJECTABLE, MsCodes.ATC, "L03AB13"),
	INTERFERON_BETA_1B("interferon beta-1b", Line.INJECTABLE, MsCodes.ATC, "L03AB08"),
	GLATIRAMER("glatiramer acetate", Line.INJECTABLE, MsCodes.ATC, "L03AX13"),
	DIMETHYL_FUMARATE("dimethyl fumarate", Line.ORAL, MsCodes.ATC, "L04AX07"),
	DIROXIMEL_FUMARATE("diroximel fumarate", Line.ORAL, MsCodes.ATC, "L04AX09"),
	TERIFLUNOMIDE("teriflunomide", Line.ORAL, MsCodes.ATC, "L04AK02"),
	FINGOLIMOD("fingolimod", Line.ORAL, MsCodes.ATC, "L04AE01"),
	OZANIMOD("ozanimod", Line.ORAL, MsCodes.ATC, "L04AE02"),
	PONESIMOD("ponesimod", Line.ORAL, MsCodes.ATC, "L04AE04"),
	SIPONIMOD("siponimod", Line.ORAL, MsCodes.ATC, "L04AE03"),
	CLADRIBINE("cladribine", Line.ORAL, MsCodes.ATC, "L04AA40"),
	NATALIZUMAB("natalizumab", Line.ANTIBODY, MsCodes.ATC, "L04AG03"),
	OCRELIZUMAB("ocrelizumab", Line.ANTIBODY, MsCodes.ATC, "L04AG08"),
	OFATUMUMAB("ofatumumab", Line.ANTIBODY, MsCodes.ATC, "L04AG12"),
	ALEMTUZUMAB("alemtuzumab", Line.ANTIBODY, MsCodes.ATC, "L04AG06"),
	RITUXIMAB("rituximab", Line.ANTIBODY, MsCodes.ATC, "L01FA01"),
	BACLOFEN("baclofen", Line.SYMPTOMATIC, MsCodes.ATC, "M03BX01"),
	TIZANIDINE("tizanidine", Line.SYMPTOMATIC, MsCodes.ATC, "M03BX02"),
	FAMPRIDINE("fampridine", Line.SYMPTOMATIC, MsCodes.ATC, "N07XX07"),
	GABAPENTIN("gabapentin", Line.SYMPTOMATIC, MsCodes.ATC, "N02BF01"),
	PREGABALIN("pregabalin", Line.SYMPTOMATIC, MsCodes.ATC, "N02BF02"),
	DULOXETINE("duloxetine", Line.SYMPTOMATIC, MsCodes.RXNORM, "72625");

	/** Treatment line; the order is the escalation order of disease-modifying therapies. */
	public enum Line {
		INJECTABLE,
		ORAL,
		ANTIBODY,
		SYMPTOMATIC
	}

	private final String display;
	private final Line line;
	private final String system;
	private final String code;

	Medicine(String display, Line line, String system, String code) {
		this.display = display;
		this.line = line;
		this.system = system;
		this.code = code;
	}

	public String display() {
		return display;
	}

	public Line line() {
		return line;
	}

	public String system() {
		return system;
	}

	public String code() {
		return code;
	}

	public boolean dmt() {
		return line != Line.SYMPTOMATIC;
	}

	/** Given as courses that end by plan (the statement is "completed", not "stopped"). */
	public boolean fixedCourse() {
		return this == CLADRIBINE || this == ALEMTUZUMAB;
	}
}

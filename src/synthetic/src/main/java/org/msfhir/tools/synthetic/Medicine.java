package org.msfhir.tools.synthetic;

import org.msfhir.guide.MsMedicines;
import org.msfhir.guide.MsTerminology;

/**
 * MS medicines the generator prescribes (codes from the guide's {@link MsMedicines}), with the current
 * (post-2024) ATC code, or RxNorm where the guide has no ATC code (duloxetine). {@link Line} orders
 * disease-modifying therapies for escalation: first-line injectables, then orals, then monoclonal antibodies.
 */
public enum Medicine {
	INTERFERON_BETA_1A(MsMedicines.INTERFERON_BETA_1A, Line.INJECTABLE),
	PEGINTERFERON_BETA_1A(MsMedicines.PEGINTERFERON_BETA_1A, Line.INJECTABLE),
	INTERFERON_BETA_1B(MsMedicines.INTERFERON_BETA_1B, Line.INJECTABLE),
	GLATIRAMER(MsMedicines.GLATIRAMER, Line.INJECTABLE),
	DIMETHYL_FUMARATE(MsMedicines.DIMETHYL_FUMARATE, Line.ORAL),
	DIROXIMEL_FUMARATE(MsMedicines.DIROXIMEL_FUMARATE, Line.ORAL),
	TERIFLUNOMIDE(MsMedicines.TERIFLUNOMIDE, Line.ORAL),
	FINGOLIMOD(MsMedicines.FINGOLIMOD, Line.ORAL),
	OZANIMOD(MsMedicines.OZANIMOD, Line.ORAL),
	PONESIMOD(MsMedicines.PONESIMOD, Line.ORAL),
	SIPONIMOD(MsMedicines.SIPONIMOD, Line.ORAL),
	CLADRIBINE(MsMedicines.CLADRIBINE, Line.ORAL),
	NATALIZUMAB(MsMedicines.NATALIZUMAB, Line.ANTIBODY),
	OCRELIZUMAB(MsMedicines.OCRELIZUMAB, Line.ANTIBODY),
	OFATUMUMAB(MsMedicines.OFATUMUMAB, Line.ANTIBODY),
	ALEMTUZUMAB(MsMedicines.ALEMTUZUMAB, Line.ANTIBODY),
	RITUXIMAB(MsMedicines.RITUXIMAB, Line.ANTIBODY),
	BACLOFEN(MsMedicines.BACLOFEN, Line.SYMPTOMATIC),
	TIZANIDINE(MsMedicines.TIZANIDINE, Line.SYMPTOMATIC),
	FAMPRIDINE(MsMedicines.FAMPRIDINE, Line.SYMPTOMATIC),
	GABAPENTIN(MsMedicines.GABAPENTIN, Line.SYMPTOMATIC),
	PREGABALIN(MsMedicines.PREGABALIN, Line.SYMPTOMATIC),
	DULOXETINE(MsMedicines.DULOXETINE, Line.SYMPTOMATIC);

	/** Treatment line; the order is the escalation order of disease-modifying therapies. */
	public enum Line {
		INJECTABLE,
		ORAL,
		ANTIBODY,
		SYMPTOMATIC
	}

	private final MsMedicines.Medicine medicine;
	private final Line line;

	Medicine(MsMedicines.Medicine medicine, Line line) {
		this.medicine = medicine;
		this.line = line;
	}

	public String display() {
		return medicine.name();
	}

	public Line line() {
		return line;
	}

	/** ATC if the guide has an ATC code for it, otherwise RxNorm. */
	public String system() {
		return medicine.atc() != null ? MsTerminology.ATC : MsTerminology.RXNORM;
	}

	public String code() {
		return medicine.atc() != null ? medicine.atc() : medicine.rxnorm();
	}

	public boolean dmt() {
		return line != Line.SYMPTOMATIC;
	}

	/** Given as courses that end by plan (the statement is "completed", not "stopped"). */
	public boolean fixedCourse() {
		return this == CLADRIBINE || this == ALEMTUZUMAB;
	}
}

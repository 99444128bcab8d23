package org.msfhir.analytics.fhir;

import java.util.Map;
import org.msfhir.analytics.EventClass;
import org.msfhir.analytics.Measure;

/** The codes that identify the analytics' inputs and outputs (checked codes and ms-concepts local codes). */
final class AnalyticsCodes {

	static final String MS_CONCEPTS = "http://msfhir.org/fhir/CodeSystem/ms-concepts";
	static final String SNOMED = "http://snomed.info/sct";
	static final String LOINC = "http://loinc.org";
	static final String ATC = "http://www.whocc.no/atc";
	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	/** Exacerbation of MS: the code of ms-relapse Conditions. */
	static final String RELAPSE = "192929006";
	static final String MRI_ACTIVITY = "mri-activity";
	static final String MRI_T2 = "mri-new-enlarging-t2";
	static final String MRI_GD = "mri-gd-enhancing";
	static final String NHPT_DOMINANT = "9hpt-dominant-hand";
	static final String NHPT_NON_DOMINANT = "9hpt-non-dominant-hand";
	static final String PAIN = "72514-3";
	static final String PENN_SPASM = "penn-spasm-frequency";
	static final String MFIS = "mfis-total";
	static final String MFIS5 = "mfis5-total";
	static final String WORSENING_EVENT = "disability-worsening-event";

	/** ms-diagnoses: MS, RRMS, SPMS, PPMS, CIS, RIS, with the course each stands for. */
	static final Map<String, String> DIAGNOSES = Map.of(
			"24700007", "MS",
			"426373005", "RRMS",
			"425500002", "SPMS",
			"428700003", "PPMS",
			"445967004", "CIS",
			"16415361000119105", "RIS");

	/** The ms-concepts code of each measure's Observations. */
	static final Map<Measure, String> MEASURE_CODES = Map.of(
			Measure.EDSS, "edss", Measure.T25FW, "t25fw", Measure.NHPT, "9hpt", Measure.SDMT, "sdmt");

	private AnalyticsCodes() {}

	static String measureCode(Measure measure) {
		return MEASURE_CODES.get(measure);
	}

	/** The ms-concepts code of an event class (children of disability-worsening-class). */
	static String classCode(EventClass c) {
		return switch (c) {
			case RAW -> "raw";
			case PIRA -> "pira";
			case UNDETERMINED -> "worsening-undetermined";
		};
	}
}

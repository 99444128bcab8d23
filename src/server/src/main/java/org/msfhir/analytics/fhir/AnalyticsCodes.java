package org.msfhir.analytics.fhir;

import java.util.Map;
import org.msfhir.analytics.EventClass;
import org.msfhir.analytics.Measure;
import org.msfhir.guide.MsTerminology;

/** The codes that identify the analytics' inputs and outputs (checked codes and ms-concepts local codes). */
final class AnalyticsCodes {

	static final String MS_CONCEPTS = MsTerminology.MS_CONCEPTS;
	static final String SNOMED = MsTerminology.SNOMED;
	static final String LOINC = MsTerminology.LOINC;
	static final String ATC = MsTerminology.ATC;
	static final String RXNORM = MsTerminology.RXNORM;

	/** Exacerbation of MS: the code of ms-relapse Conditions. */
	static final String RELAPSE = MsTerminology.SNOMED_RELAPSE;
	static final String MRI_ACTIVITY = MsTerminology.MSC_MRI_ACTIVITY;
	static final String MRI_T2 = MsTerminology.MSC_MRI_NEW_ENLARGING_T2;
	static final String MRI_GD = MsTerminology.MSC_MRI_GD_ENHANCING;
	static final String NHPT_DOMINANT = MsTerminology.MSC_9HPT_DOMINANT_HAND;
	static final String NHPT_NON_DOMINANT = MsTerminology.MSC_9HPT_NON_DOMINANT_HAND;
	static final String PAIN = MsTerminology.LOINC_PAIN;
	static final String PENN_SPASM = MsTerminology.MSC_PENN_SPASM_FREQUENCY;
	static final String MFIS = MsTerminology.MSC_MFIS_TOTAL;
	static final String MFIS5 = MsTerminology.MSC_MFIS5_TOTAL;
	static final String WORSENING_EVENT = MsTerminology.MSC_DISABILITY_WORSENING_EVENT;

	/** ms-diagnoses: MS, RRMS, SPMS, PPMS, CIS, RIS, with the course each stands for. */
	static final Map<String, String> DIAGNOSES = Map.of(
			MsTerminology.SNOMED_MS, "MS",
			MsTerminology.SNOMED_RRMS, "RRMS",
			MsTerminology.SNOMED_SPMS, "SPMS",
			MsTerminology.SNOMED_PPMS, "PPMS",
			MsTerminology.SNOMED_CIS, "CIS",
			MsTerminology.SNOMED_RIS, "RIS");

	/** The ms-concepts code of each measure's Observations. */
	static final Map<Measure, String> MEASURE_CODES = Map.of(
			Measure.EDSS, MsTerminology.MSC_EDSS, Measure.T25FW, MsTerminology.MSC_T25FW,
			Measure.NHPT, MsTerminology.MSC_9HPT, Measure.SDMT, MsTerminology.MSC_SDMT);

	private AnalyticsCodes() {}

	static String measureCode(Measure measure) {
		return MEASURE_CODES.get(measure);
	}

	/** The ms-concepts code of an event class (children of disability-worsening-class). */
	static String classCode(EventClass c) {
		return switch (c) {
			case RAW -> MsTerminology.MSC_WORSENING_RAW;
			case PIRA -> MsTerminology.MSC_WORSENING_PIRA;
			case UNDETERMINED -> MsTerminology.MSC_WORSENING_UNDETERMINED;
		};
	}
}

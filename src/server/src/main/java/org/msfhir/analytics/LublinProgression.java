package org.msfhir.analytics;

/** The Lublin 2014 progression qualifier (for progressive courses) over an assessment period. */
public enum LublinProgression {
	/** A confirmed EDSS worsening that counts (see {@link DiseaseActivity#lublinProgression}) has its onset in the period. */
	WITH_PROGRESSION,
	/** EDSS was assessed in the period and no counting worsening has its onset there. */
	WITHOUT_PROGRESSION,
	/** No EDSS assessment in the period and no counting worsening onset. */
	INDETERMINATE
}

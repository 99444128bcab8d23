package org.msfhir.validation;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.msfhir.guide.MsTerminology;

/**
 * Decides which MS profiles a resource must be validated against: every MS profile it claims in
 * {@code meta.profile}, plus the profile whose defining code it carries (an Observation coded as EDSS
 * is an EDSS observation, claimed or not). Works on the parsed resource in memory, with the code sets
 * of the defining value sets expanded once at startup: no terminology or database look-up per request.
 */
public class MsProfileSelector {

	private static final Map<String, String> OBSERVATION_CODES = Map.of(
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_EDSS), MsProfiles.EDSS,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_PENN_SPASM_FREQUENCY), MsProfiles.PENN_SPASM,
			key(MsProfiles.LOINC, MsTerminology.LOINC_PAIN), MsProfiles.PAIN_SCORE,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_MFIS_TOTAL), MsProfiles.MFIS,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_MFIS5_TOTAL), MsProfiles.MFIS5,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_T25FW), MsProfiles.T25FW,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_9HPT), MsProfiles.NINE_HPT,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_SDMT), MsProfiles.SDMT,
			key(MsProfiles.MS_CONCEPTS, MsTerminology.MSC_MRI_ACTIVITY), MsProfiles.MRI_ACTIVITY);

	private final Set<String> diagnosisCodes;
	private final Set<String> medicineCodes;

	/**
	 * @param diagnosisCodes {@code system|code} of every code in ValueSet ms-diagnoses
	 * @param medicineCodes {@code system|code} of every code in ValueSet ms-medicines
	 */
	public MsProfileSelector(Set<String> diagnosisCodes, Set<String> medicineCodes) {
		this.diagnosisCodes = Set.copyOf(diagnosisCodes);
		this.medicineCodes = Set.copyOf(medicineCodes);
	}

	/** The MS profiles (version-less canonical URLs) that apply; empty for a non-MS resource. */
	public Set<String> profilesFor(IBaseResource resource) {
		if (!(resource instanceof Resource r) || !MsProfiles.PROFILED_TYPES.contains(r.fhirType())) {
			return Set.of();
		}
		Set<String> profiles = new LinkedHashSet<>();
		for (CanonicalType claimed : r.getMeta().getProfile()) {
			String url = claimed.getValue();
			if (MsProfiles.isMsProfile(url)) {
				profiles.add(MsProfiles.withoutVersion(url));
			}
		}
		String byCode = profileByDefiningCode(r);
		if (byCode != null) {
			profiles.add(byCode);
		}
		return profiles;
	}

	private String profileByDefiningCode(Resource resource) {
		if (resource instanceof Observation observation) {
			for (Coding coding : observation.getCode().getCoding()) {
				String profile = OBSERVATION_CODES.get(key(coding.getSystem(), coding.getCode()));
				if (profile != null) {
					return profile;
				}
			}
		} else if (resource instanceof Condition condition) {
			for (Coding coding : condition.getCode().getCoding()) {
				if (MsProfiles.SNOMED.equals(coding.getSystem()) && MsProfiles.RELAPSE_CODE.equals(coding.getCode())) {
					return MsProfiles.RELAPSE;
				}
			}
			if (anyIn(condition.getCode(), diagnosisCodes)) {
				return MsProfiles.DIAGNOSIS;
			}
		} else if (resource instanceof MedicationStatement statement
				&& statement.getMedication() instanceof CodeableConcept medication
				&& anyIn(medication, medicineCodes)) {
			return MsProfiles.MEDICATION_STATEMENT;
		}
		return null;
	}

	private static boolean anyIn(CodeableConcept concept, Set<String> codes) {
		for (Coding coding : concept.getCoding()) {
			if (codes.contains(key(coding.getSystem(), coding.getCode()))) {
				return true;
			}
		}
		return false;
	}

	static String key(String system, String code) {
		return system + "|" + code;
	}
}

package org.msfhir.validation;

import static org.msfhir.validation.PlainForm.CODEABLE_ELEMENTS;
import static org.msfhir.validation.PlainForm.PATIENT_REFERENCE;
import static org.msfhir.validation.PlainForm.SUBJECT_ELEMENTS;
import static org.msfhir.validation.PlainForm.bareConcept;
import static org.msfhir.validation.PlainForm.codingKey;
import static org.msfhir.validation.PlainForm.dateTime;
import static org.msfhir.validation.PlainForm.id;
import static org.msfhir.validation.PlainForm.meta;
import static org.msfhir.validation.PlainForm.only;
import static org.msfhir.validation.PlainForm.plain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.guide.MsTerminology;

/**
 * Recognises an MS diagnosis or relapse (Condition) in its plain form that the full validator would
 * pass without a single error or warning, the way {@link MeasureFastPath} does for measures. It never
 * refuses anything: whatever it does not recognise as certainly clean (a note, a recorder, a text, a
 * display it cannot vouch for, an entered-in-error status, a qualifier out of place ...) goes to the
 * full validator as before.
 *
 * <p>Why: the Conditions are 2.5 % of an MS patient's resources but took 60 % of the remaining full
 * validation time (4.2 ms a diagnosis, 2.5 ms a relapse; their extensions are a third of it).
 *
 * <p>Safety: {@code ConditionFastPathTest} runs both paths over generated cohorts and thousands of
 * variants and fails if this class accepts anything the full validator has a message about.
 */
final class ConditionFastPath {

	static final String CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical";
	static final String VERIFICATION_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
	static final String ICD10 = MsTerminology.ICD10;
	static final String LUBLIN = MsTerminology.EXTENSION_LUBLIN_QUALIFIERS;
	static final String DUE_TO = "http://hl7.org/fhir/StructureDefinition/condition-dueTo";
	static final String RECOVERY = MsTerminology.EXTENSION_RELAPSE_RECOVERY;
	static final String STEROIDS = MsTerminology.EXTENSION_RELAPSE_STEROID_TREATED;
	/** SPMS and PPMS: the progressive courses, the only ones with a progression qualifier. */
	private static final Set<String> PROGRESSIVE = Set.of(MsProfiles.SNOMED + "|425500002", MsProfiles.SNOMED + "|428700003");

	private static final Set<String> CLINICAL = codes(CLINICAL_STATUS,
			"active", "recurrence", "relapse", "inactive", "remission", "resolved");
	/** con-4: an abated condition is inactive, resolved or in remission. */
	private static final Set<String> ABATED = codes(CLINICAL_STATUS, "inactive", "remission", "resolved");
	/** entered-in-error is left out: con-5 then forbids a clinical status. */
	private static final Set<String> VERIFICATION = codes(VERIFICATION_STATUS,
			"unconfirmed", "provisional", "differential", "confirmed", "refuted");
	private static final Set<String> CATEGORIES = codes(CATEGORY, "problem-list-item", "encounter-diagnosis");

	private static final Set<String> DIAGNOSIS_ELEMENTS = Set.of("id", "meta", "extension", "clinicalStatus",
			"verificationStatus", "category", "code", "subject", "onset[x]", "abatement[x]", "recordedDate");
	private static final Set<String> RELAPSE_ELEMENTS = Set.of("id", "meta", "extension", "clinicalStatus",
			"verificationStatus", "category", "severity", "code", "subject", "onset[x]", "abatement[x]", "recordedDate");
	private static final Set<String> VALUE_EXTENSION = Set.of("url", "value[x]");
	private static final Set<String> COMPLEX_EXTENSION = Set.of("url", "extension");
	private static final Pattern CONDITION_REFERENCE = Pattern.compile("Condition/[A-Za-z0-9\\-.]{1,64}");

	private final Set<String> diagnoses;
	private final Set<String> lublinActivity;
	private final Set<String> lublinProgression;
	private final Set<String> relapseSeverity;
	private final Set<String> relapseRecovery;
	/** {@code system|code} -> the only display a coding of the diagnosis or relapse code may carry. */
	private final Map<String, String> displays;

	/**
	 * @param valueSets the codes ({@code system|code}) of the guide's ValueSets by URL
	 * @param displays the code systems' displays of the diagnosis and relapse codes and of ICD-10 G35
	 */
	ConditionFastPath(Map<String, Set<String>> valueSets, Map<String, String> displays) {
		this.diagnoses = valueSets.getOrDefault(MsProfiles.DIAGNOSES_VALUE_SET, Set.of());
		this.lublinActivity = valueSets.getOrDefault(MsTerminology.VS_LUBLIN_ACTIVITY, Set.of());
		this.lublinProgression = valueSets.getOrDefault(MsTerminology.VS_LUBLIN_PROGRESSION, Set.of());
		this.relapseSeverity = valueSets.getOrDefault(MsTerminology.VS_RELAPSE_SEVERITY, Set.of());
		this.relapseRecovery = valueSets.getOrDefault(MsTerminology.VS_RELAPSE_RECOVERY, Set.of());
		this.displays = Map.copyOf(displays);
	}

	/** The ValueSets whose codes the constructor needs. */
	static List<String> valueSets() {
		return List.of(MsProfiles.DIAGNOSES_VALUE_SET, MsTerminology.VS_LUBLIN_ACTIVITY,
				MsTerminology.VS_LUBLIN_PROGRESSION, MsTerminology.VS_RELAPSE_SEVERITY,
				MsTerminology.VS_RELAPSE_RECOVERY);
	}

	/** Whether the resource is certainly clean: a plain MS diagnosis or relapse checked against only its profile. */
	boolean certainlyClean(Object resource, Collection<String> profiles) {
		if (!(resource instanceof Condition condition) || profiles.size() != 1) {
			return false;
		}
		String profile = profiles.iterator().next();
		if (MsProfiles.DIAGNOSIS.equals(profile)) {
			return only(condition, DIAGNOSIS_ELEMENTS) && common(condition, profile) && diagnosis(condition);
		}
		if (MsProfiles.RELAPSE.equals(profile)) {
			return only(condition, RELAPSE_ELEMENTS) && common(condition, profile) && relapse(condition);
		}
		return false;
	}

	/** What both profiles share: id, meta, statuses (con-3, con-4, con-5), categories, subject, dates. */
	private static boolean common(Condition c, String profile) {
		if (!id(c) || !meta(c, profile)) {
			return false;
		}
		if (!bareConcept(c.getClinicalStatus(), CLINICAL) || !bareConcept(c.getVerificationStatus(), VERIFICATION)) {
			return false;
		}
		if (c.hasAbatement() && !(dateTime(c.getAbatement()) && bareConcept(c.getClinicalStatus(), ABATED))) {
			return false;
		}
		for (CodeableConcept category : c.getCategory()) {
			if (!bareConcept(category, CATEGORIES)) {
				return false;
			}
		}
		return PlainForm.reference(c.getSubject(), PATIENT_REFERENCE, SUBJECT_ELEMENTS)
				&& (!c.hasRecordedDateElement() || dateTime(c.getRecordedDateElement()));
	}

	/**
	 * One SNOMED CT coding from ms-diagnoses, optionally ICD-10 G35 (ms-dx-icd10-g35), and the Lublin
	 * qualifiers: progression exactly for progressive courses (ms-dx-progression-only-progressive,
	 * ms-dx-progression-expected).
	 */
	private boolean diagnosis(Condition c) {
		if (c.hasOnset() && !dateTime(c.getOnset())) {
			return false;
		}
		CodeableConcept code = c.getCode();
		if (!only(code, CODEABLE_ELEMENTS)) {
			return false;
		}
		String snomed = null;
		boolean icd10 = false;
		for (Coding coding : code.getCoding()) {
			String key = codingKey(coding, displays);
			if (key == null) {
				return false;
			}
			if (diagnoses.contains(key) && key.startsWith(MsProfiles.SNOMED + "|") && snomed == null) {
				snomed = key;
			} else if (key.equals(ICD10 + "|" + MsTerminology.ICD10_MS) && !icd10) {
				icd10 = true;
			} else {
				return false;
			}
		}
		if (snomed == null || c.getExtension().size() > 1) {
			return false;
		}
		if (c.getExtension().isEmpty()) {
			return true;
		}
		Extension lublin = c.getExtension().get(0);
		if (!LUBLIN.equals(lublin.getUrl()) || !only(lublin, COMPLEX_EXTENSION) || !plain(lublin.getUrlElement())) {
			return false;
		}
		int activity = 0;
		int progression = 0;
		int assessed = 0;
		for (Extension part : lublin.getExtension()) {
			if (!only(part, VALUE_EXTENSION) || !plain(part.getUrlElement())) {
				return false;
			}
			switch (part.getUrl()) {
				case "activity" -> activity += bareConcept(part.getValue(), lublinActivity) ? 1 : 99;
				case "progression" -> progression += bareConcept(part.getValue(), lublinProgression) ? 1 : 99;
				case "assessed" -> assessed += dateTime(part.getValue()) ? 1 : 99;
				default -> {
					return false;
				}
			}
		}
		return activity == 1 && assessed == 1 && progression == (PROGRESSIVE.contains(snomed) ? 1 : 0);
	}

	/** SNOMED CT 192929006 alone, an onset, a severity from its ValueSet and the relapse extensions. */
	private boolean relapse(Condition c) {
		if (!dateTime(c.getOnset())) {
			return false;
		}
		CodeableConcept code = c.getCode();
		if (!only(code, CODEABLE_ELEMENTS) || code.getCoding().size() != 1) {
			return false;
		}
		String key = codingKey(code.getCodingFirstRep(), displays);
		if (!(MsProfiles.SNOMED + "|" + MsProfiles.RELAPSE_CODE).equals(key)) {
			return false;
		}
		if (c.hasSeverity() && !bareConcept(c.getSeverity(), relapseSeverity)) {
			return false;
		}
		Set<String> seen = new HashSet<>();
		for (Extension extension : c.getExtension()) {
			if (!only(extension, VALUE_EXTENSION) || !plain(extension.getUrlElement()) || !seen.add(extension.getUrl())) {
				return false;
			}
			boolean plainValue = switch (extension.getUrl()) {
				case DUE_TO -> extension.getValue() instanceof Reference reference
						&& PlainForm.reference(reference, CONDITION_REFERENCE, SUBJECT_ELEMENTS);
				case RECOVERY -> bareConcept(extension.getValue(), relapseRecovery);
				case STEROIDS -> extension.getValue() instanceof BooleanType flag && plain(flag);
				default -> false;
			};
			if (!plainValue) {
				return false;
			}
		}
		return true;
	}

	private static Set<String> codes(String system, String... codes) {
		Set<String> keys = new HashSet<>();
		for (String code : codes) {
			keys.add(system + "|" + code);
		}
		return Set.copyOf(keys);
	}
}

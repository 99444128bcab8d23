package org.msfhir.support;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.guide.MsMedicines;
import org.msfhir.guide.MsTerminology;

/**
 * Builders for the MS test data of the integration tests, in one place so they can follow the MS
 * profiles as those evolve. Codes come from the guide ({@link MsTerminology}, {@link MsMedicines}).
 */
public final class MsTestData {

	public static final String SNOMED = MsTerminology.SNOMED;
	public static final String ATC = MsTerminology.ATC;
	public static final String RXNORM = MsTerminology.RXNORM;
	public static final String MS_CONCEPTS = MsTerminology.MS_CONCEPTS;
	public static final String UCUM = MsTerminology.UCUM;

	public static final String RRMS = MsTerminology.SNOMED_RRMS;
	public static final String SPMS = MsTerminology.SNOMED_SPMS;
	public static final String PPMS = MsTerminology.SNOMED_PPMS;

	private MsTestData() {}

	/** A patient with every kind of identifying data (for de-identification tests). */
	public static Patient patient(String family, String given, String birthDate, String city) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue("MRN-" + family);
		patient.addName().setFamily(family).addGiven(given);
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("+41 44 555 " + family.length() + "1 11");
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(given.toLowerCase() + "@mail.example");
		patient.addAddress(new Address()
				.addLine(family + "strasse 12")
				.setCity(city)
				.setPostalCode("8032")
				.setCountry("CH"));
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new DateType(birthDate));
		Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + given + " " + family + "</div>");
		patient.setText(narrative);
		patient.addContact().addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("+41 79 000 00 00");
		return patient;
	}

	/** An MS diagnosis (disease course) Condition. */
	public static Condition diagnosis(String patientId, String snomedCode, String display, String onset) {
		Condition condition = new Condition();
		condition.setClinicalStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
		condition.setVerificationStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")));
		condition.addCategory(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")));
		condition.setCode(new CodeableConcept(new Coding(SNOMED, snomedCode, display)));
		condition.setSubject(new Reference("Patient/" + patientId));
		condition.setOnset(new DateTimeType(onset));
		condition.setRecordedDateElement(new DateTimeType(onset));
		return condition;
	}

	/** A pain severity score (0-10 numeric rating, profile ms-pain-score). */
	public static Observation pain(String patientId, int value, String date) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept().addCoding(new Coding(MsTerminology.LOINC, MsTerminology.LOINC_PAIN,
				"Pain severity - 0-10 verbal numeric rating [Score] - Reported")));
		observation.setSubject(new Reference("Patient/" + patientId));
		observation.setEffective(new DateTimeType(date));
		observation.setValue(new org.hl7.fhir.r4.model.IntegerType(value));
		return observation;
	}

	/** An EDSS total score (profile ms-edss; the performer is named, not referenced). */
	public static Observation edss(String patientId, double value, String date) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")));
		observation.setCode(new CodeableConcept().addCoding(new Coding(MS_CONCEPTS, "edss", "EDSS total")));
		observation.addPerformer().setDisplay("MS clinic neurologist");
		observation.setSubject(new Reference("Patient/" + patientId));
		observation.setEffective(new DateTimeType(date));
		observation.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setSystem(UCUM).setCode("{score}").setUnit("{score}"));
		return observation;
	}

	/** Codes of the symptomatic MS medicines; every other medicine code is a DMT. */
	private static final java.util.Set<String> SYMPTOMATIC = MsMedicines.codings(MsMedicines.Role.SYMPTOMATIC).stream()
			.map(token -> token.substring(token.indexOf('|') + 1))
			.collect(java.util.stream.Collectors.toUnmodifiableSet());

	/**
	 * A medication statement for an MS medicine (profile ms-medication-statement: category, reason MS);
	 * {@code end} may be null (still taken).
	 */
	public static MedicationStatement medication(
			String patientId, String system, String code, String display, String start, String end) {
		MedicationStatement statement = new MedicationStatement();
		statement.setStatus(end == null
				? MedicationStatement.MedicationStatementStatus.ACTIVE
				: MedicationStatement.MedicationStatementStatus.COMPLETED);
		statement.setCategory(new CodeableConcept(SYMPTOMATIC.contains(code)
				? new Coding(MS_CONCEPTS, MsTerminology.MSC_SYMPTOMATIC, "Symptomatic treatment")
				: new Coding(MS_CONCEPTS, MsTerminology.MSC_DMT, "Disease-modifying therapy")));
		statement.setMedication(new CodeableConcept(new Coding(system, code, display)));
		statement.addReasonCode(new CodeableConcept(new Coding(SNOMED, MsTerminology.SNOMED_MS, "Multiple sclerosis")));
		statement.setSubject(new Reference("Patient/" + patientId));
		Period period = new Period().setStartElement(new DateTimeType(start));
		if (end != null) {
			period.setEndElement(new DateTimeType(end));
		}
		statement.setEffective(period);
		return statement;
	}
}

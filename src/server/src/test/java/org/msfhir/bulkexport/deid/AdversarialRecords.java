package org.msfhir.bulkexport.deid;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Records with personal data planted in every element and extension they can hold. Every planted
 * text contains {@link #MARKER}, so a de-identified output line containing it (in any letter case) is
 * a leak.
 */
public final class AdversarialRecords {

	/** Part of every planted value. */
	public static final String MARKER = "Zebulon";
	public static final String BIRTH_DATE = "1979-12-30";

	private AdversarialRecords() {}

	public static Patient patient() {
		Patient p = new Patient();
		p.getMeta().addTag("http://example.org/tags", "study", "Quintessa Zebulonowski study tag");
		p.getMeta().addTag("http://snomed.info/sct", "116154003", "Zebulonowski as a tag display");
		p.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "Zebulon restricted");
		p.getMeta().setSource("#Zebulon-source");
		Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Quintessa Zebulonowski</div>");
		p.setText(narrative);
		p.addExtension(new Extension("http://example.org/fhir/StructureDefinition/homepage",
				new UriType("https://people.example.org/Zebulonowski")));
		p.addExtension(new Extension("http://example.org/fhir/StructureDefinition/nickname",
				new StringType("Zebby Zebulonowski")));
		p.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
				new StringType("Zebulonova")));
		p.addIdentifier().setSystem("urn:oid:2.16.756.5.32").setValue("Zebulon-756.1234");
		p.addName().setFamily("Zebulonowski").addGiven("Quintessa").setText("Quintessa Zebulonowski");
		p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("quintessa@zebulon.example");
		p.setGender(Enumerations.AdministrativeGender.FEMALE);
		p.setBirthDateElement(new DateType(BIRTH_DATE));
		p.addAddress(new Address().addLine("Zebulonweg 7").setCity("Zebulonhausen").setDistrict("Zebulon district")
				.setPostalCode("8004").setCountry("CH").setText("Zebulonweg 7, 8004 Zurich"));
		p.setMaritalStatus(new CodeableConcept(new Coding("urn:local:marital", "Zebulon widow", "Zebulon"))
				.setText("widowed after Mr Zebulonowski"));
		p.addCommunication().setLanguage(new CodeableConcept().setText("Zebulonian"));
		p.addContact().setName(new org.hl7.fhir.r4.model.HumanName().setFamily("Zebulonowski senior"));
		p.addPhoto(new Attachment().setTitle("Zebulon portrait").setUrl("https://img.example.org/Zebulon.png"));
		p.addGeneralPractitioner(new Reference().setDisplay("Dr Zebulon GP"));
		p.setManagingOrganization(new Reference("https://other.example.org/Organization/Zebulon-clinic"));
		return p;
	}

	/** An EDSS-like Observation of the patient, assessed by the practitioner. */
	public static Observation observation(String patientId, String practitionerId) {
		Observation o = new Observation();
		o.getMeta().addTag("http://example.org/tags", "Zebulon", "Zebulon project tag");
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setCode(new CodeableConcept()
				.addCoding(new Coding("http://msfhir.org/fhir/CodeSystem/ms-concepts", "edss", "EDSS Zebulon"))
				.addCoding(new Coding("urn:local:codes", "Quintessa Zebulonowski visit", "local"))
				.addCoding(new Coding("http://loinc.org", "Zebulonowski", "not a LOINC code"))
				.setText("EDSS of Mrs Zebulonowski"));
		o.setSubject(new Reference("Patient/" + patientId).setDisplay("Quintessa Zebulonowski"));
		o.addPerformer(new Reference("Practitioner/" + practitionerId).setDisplay("Dr Zebulon"));
		o.setEffective(new DateTimeType("2024-02-29T09:15:00+01:00"));
		o.setValue(new Quantity().setValue(3.5).setSystem("http://unitsofmeasure.org").setCode("{score}")
				.setUnit("score of Zebulon"));
		o.addNote(new Annotation().setText("Zebulonowski says hello"));
		o.addIdentifier().setValue("Zebulon-obs-1");
		o.addExtension(new Extension("http://msfhir.org/fhir/StructureDefinition/zz-comment",
				new StringType("Zebulon in a guide-looking extension")));
		o.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
				new UriType("urn:Zebulon")));
		o.addExtension(new Extension("http://example.org/fhir/StructureDefinition/flag", new BooleanType(true)));
		o.addComponent().setCode(new CodeableConcept(new Coding("urn:local:codes", "Zebulon", null)))
				.setValue(new StringType("Zebulon component"));
		o.setMethod(new CodeableConcept().setText("assessed at Zebulon hospital"));
		return o;
	}
}

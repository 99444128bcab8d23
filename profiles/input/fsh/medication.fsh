Profile: MSMedicationStatement
Parent: MedicationStatement
Id: ms-medication-statement
Title: "MS Medication Statement"
Description: "A medicine an MS patient takes or took: a disease-modifying therapy (DMT) or a symptomatic treatment, coded from ValueSet ms-medicines (current ATC codes, pre-2024 ATC codes as accepted aliases, confirmed RxNorm ingredient codes). The category tells DMT from symptomatic treatment; the effective period gives start (and end) of the treatment; the reason is the MS diagnosis, a relapse or a symptom, as a reference or as a code."
* ^status = #draft
* obeys ms-medstat-reason and ms-medstat-dmt-category
* status MS
* category 1..1 MS
* category from $vs-medication-category (required)
* medication[x] MS
* medication[x] only CodeableConcept
* medicationCodeableConcept from $vs-medicines (required)
* subject 1..1 MS
* subject only Reference(Patient)
* effective[x] 1..1 MS
* effective[x] only Period
* effectivePeriod.start 1..1 MS
* effectivePeriod.end MS
* reasonCode MS
* reasonCode from $vs-statement-reasons (required)
* reasonReference MS
* reasonReference only Reference(Condition or Observation)
* dosage MS

Invariant: ms-medstat-reason
Description: "The reason for an MS medicine (the MS diagnosis, a relapse or a symptom) must be given as reasonReference or reasonCode"
Expression: "reasonReference.exists() or reasonCode.exists()"
Severity: #error

Invariant: ms-medstat-dmt-category
Description: "A medicine in category 'dmt' must be a disease-modifying therapy (ValueSet ms-dmt)"
Expression: "category.coding.where(system = 'http://msfhir.org/fhir/CodeSystem/ms-concepts' and code = 'dmt').exists() implies medication.ofType(CodeableConcept).memberOf('http://msfhir.org/fhir/ValueSet/ms-dmt')"
Severity: #error

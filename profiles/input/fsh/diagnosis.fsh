Extension: LublinQualifiers
Id: ms-lublin-qualifiers
Title: "Lublin 2014 disease course qualifiers"
Description: "The Lublin 2014 qualifiers of an MS disease course with the date they were assessed: activity (active / not active / indeterminate) for every course, and progression (with / without) for progressive courses (SPMS, PPMS) only. Condition.stage has no date, so the qualifiers and their assessment date travel together in this extension."
Context: Condition
* ^status = #draft
* extension contains activity 1..1 MS and progression 0..1 MS and assessed 1..1 MS
* extension[activity] ^short = "Disease activity (Lublin 2014)"
* extension[activity].value[x] only CodeableConcept
* extension[activity].valueCodeableConcept 1..1
* extension[activity].valueCodeableConcept from $vs-lublin-activity (required)
* extension[progression] ^short = "Disease progression (Lublin 2014), progressive courses only"
* extension[progression].value[x] only CodeableConcept
* extension[progression].valueCodeableConcept 1..1
* extension[progression].valueCodeableConcept from $vs-lublin-progression (required)
* extension[assessed] ^short = "Date the qualifiers were assessed (end of the assessment period)"
* extension[assessed].value[x] only dateTime
* extension[assessed].valueDateTime 1..1

Profile: MSDiagnosis
Parent: Condition
Id: ms-diagnosis
Title: "MS Diagnosis"
Description: "A diagnosis of multiple sclerosis or of a related syndrome (RRMS, SPMS, PPMS, CIS, RIS), coded in SNOMED CT from ValueSet ms-diagnoses; ICD-10 G35 may be sent as an extra coding. Carries the Lublin 2014 qualifiers (activity, and progression for progressive courses) with the date they were assessed."
* ^status = #draft
* obeys ms-dx-progression-only-progressive and ms-dx-progression-expected
* extension contains LublinQualifiers named lublinQualifiers 0..1 MS
* clinicalStatus MS
* verificationStatus 1..1 MS
* code 1..1 MS
// The required binding sits on the SNOMED CT coding, not on the CodeableConcept: the FHIR validator
// checks a CodeableConcept binding against every coding, which would refuse the extra ICD-10 G35 coding.
* code.coding 1..* MS
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding ^slicing.description = "The SNOMED CT diagnosis code (required) and optionally ICD-10 G35"
* code.coding contains snomed 1..1 MS and icd10 0..1 MS
* code.coding[snomed] ^short = "MS diagnosis in SNOMED CT (ValueSet ms-diagnoses)"
* code.coding[snomed].system 1..1
* code.coding[snomed].system = $sct
* code.coding[snomed].code 1..1
* code.coding[snomed] from $vs-diagnoses (required)
* code.coding[icd10] ^short = "ICD-10 G35 (multiple sclerosis), optional extra coding"
* code.coding[icd10].system 1..1
* code.coding[icd10].system = $icd10
* code.coding[icd10].code 1..1
* code obeys ms-dx-icd10-g35
* subject 1..1 MS
* subject only Reference(Patient)
* onset[x] MS
* onset[x] only dateTime
* recordedDate MS
* recorder MS
* asserter MS

Invariant: ms-dx-icd10-g35
Description: "An ICD-10 coding on an MS diagnosis must be G35 (multiple sclerosis)"
Expression: "coding.where(system = 'http://hl7.org/fhir/sid/icd-10').all(code = 'G35')"
Severity: #error

Invariant: ms-dx-progression-only-progressive
Description: "The Lublin progression qualifier (with / without progression) applies only to progressive courses: the diagnosis must be SPMS (425500002) or PPMS (428700003)"
Expression: "extension('http://msfhir.org/fhir/StructureDefinition/ms-lublin-qualifiers').extension('progression').exists() implies code.coding.where(system = 'http://snomed.info/sct' and (code = '425500002' or code = '428700003')).exists()"
Severity: #error

Invariant: ms-dx-progression-expected
Description: "A progressive course (SPMS, PPMS) with Lublin qualifiers should also state progression (with / without progression)"
Expression: "(extension('http://msfhir.org/fhir/StructureDefinition/ms-lublin-qualifiers').exists() and code.coding.where(system = 'http://snomed.info/sct' and (code = '425500002' or code = '428700003')).exists()) implies extension('http://msfhir.org/fhir/StructureDefinition/ms-lublin-qualifiers').extension('progression').exists()"
Severity: #warning

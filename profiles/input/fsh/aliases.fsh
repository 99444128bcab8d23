// Code systems and value sets used by the MS profiles. Codes come from the checked terminology
// (terminology/, docs/terminology.md) and the local CodeSystem ms-concepts; value sets are written by the terminology
// part of the guide (terminology/) and bound here by canonical URL.
Alias: $sct = http://snomed.info/sct
Alias: $loinc = http://loinc.org
Alias: $ucum = http://unitsofmeasure.org
Alias: $icd10 = http://hl7.org/fhir/sid/icd-10
Alias: $atc = http://www.whocc.no/atc
Alias: $rxnorm = http://www.nlm.nih.gov/research/umls/rxnorm
Alias: $msc = http://msfhir.org/fhir/CodeSystem/ms-concepts
Alias: $obscat = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $condclin = http://terminology.hl7.org/CodeSystem/condition-clinical
Alias: $condver = http://terminology.hl7.org/CodeSystem/condition-ver-status
Alias: $dar = http://terminology.hl7.org/CodeSystem/data-absent-reason
Alias: $dueTo = http://hl7.org/fhir/StructureDefinition/condition-dueTo

Alias: $vs-diagnoses = http://msfhir.org/fhir/ValueSet/ms-diagnoses
Alias: $vs-lublin-activity = http://msfhir.org/fhir/ValueSet/ms-lublin-activity
Alias: $vs-lublin-progression = http://msfhir.org/fhir/ValueSet/ms-lublin-progression
Alias: $vs-medicines = http://msfhir.org/fhir/ValueSet/ms-medicines
Alias: $vs-medication-category = http://msfhir.org/fhir/ValueSet/ms-medication-category
Alias: $vs-pain-types = http://msfhir.org/fhir/ValueSet/ms-pain-types
Alias: $vs-relapse-severity = http://msfhir.org/fhir/ValueSet/ms-relapse-severity
Alias: $vs-relapse-recovery = http://msfhir.org/fhir/ValueSet/ms-relapse-recovery
Alias: $vs-care-activities = http://msfhir.org/fhir/ValueSet/ms-care-activities
Alias: $vs-statement-reasons = http://msfhir.org/fhir/ValueSet/ms-statement-reasons

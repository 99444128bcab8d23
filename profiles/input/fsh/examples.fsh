// Valid examples, one or more per profile. The tests store the patient and practitioner first,
// then every example, over HTTP.

Instance: ms-example-patient
InstanceOf: Patient
Title: "Example MS patient"
Usage: #example
* identifier.system = "http://hospital.example.org/mrn"
* identifier.value = "MS-0001"
* name.family = "Example"
* name.given = "Marta"
* gender = #female
* birthDate = "1985-04-12"

Instance: ms-example-neurologist
InstanceOf: Practitioner
Title: "Example neurologist"
Usage: #example
* name.family = "Kurtzke"
* name.given = "Jane"
* name.prefix = "Dr."

Instance: ms-diagnosis-example
InstanceOf: MSDiagnosis
Title: "Relapsing remitting MS, active"
Usage: #example
* clinicalStatus = $condclin#active
* verificationStatus = $condver#confirmed
* code.coding[snomed] = $sct#426373005 "Relapsing remitting multiple sclerosis"
* code.coding[icd10] = $icd10#G35 "Multiple sclerosis"
* code.text = "Relapsing remitting multiple sclerosis"
* subject = Reference(Patient/ms-example-patient)
* onsetDateTime = "2019-03-01"
* recordedDate = "2019-06-15"
* extension[lublinQualifiers].extension[activity].valueCodeableConcept = $msc#active "Active"
* extension[lublinQualifiers].extension[assessed].valueDateTime = "2026-10-01"

Instance: ms-diagnosis-spms-example
InstanceOf: MSDiagnosis
Title: "Secondary progressive MS, not active, with progression"
Usage: #example
* clinicalStatus = $condclin#active
* verificationStatus = $condver#confirmed
* code.coding[snomed] = $sct#425500002 "Secondary progressive multiple sclerosis"
* subject = Reference(Patient/ms-example-patient)
* onsetDateTime = "2024-02-01"
* recordedDate = "2024-05-20"
* extension[lublinQualifiers].extension[activity].valueCodeableConcept = $msc#not-active "Not active"
* extension[lublinQualifiers].extension[progression].valueCodeableConcept = $msc#with-progression "With progression"
* extension[lublinQualifiers].extension[assessed].valueDateTime = "2026-09-15"

Instance: ms-relapse-example
InstanceOf: MSRelapse
Title: "Moderate relapse, partial recovery, treated with steroids"
Usage: #example
* clinicalStatus = $condclin#resolved
* verificationStatus = $condver#confirmed
* code = $sct#192929006 "Exacerbation of multiple sclerosis"
* severity = $msc#relapse-severity-moderate "Moderate relapse"
* subject = Reference(Patient/ms-example-patient)
* onsetDateTime = "2026-02-03"
* abatementDateTime = "2026-03-20"
* extension[msDiagnosis].valueReference = Reference(Condition/ms-diagnosis-example)
* extension[recovery].valueCodeableConcept = $msc#relapse-recovery-partial "Partial recovery"
* extension[steroidTreated].valueBoolean = true

Instance: ms-edss-example
InstanceOf: MSEdss
Title: "EDSS 3.5 with all functional systems"
Usage: #example
* status = #final
* category = $obscat#exam
* code.coding[0] = $msc#edss "EDSS total"
* code.coding[1] = $sct#273554001 "Kurtzke multiple sclerosis rating scale"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01T10:30:00+02:00"
* performer = Reference(Practitioner/ms-example-neurologist)
* valueQuantity = $ucum#{score} "score"
* valueQuantity.value = 3.5
* component[pyramidal].code = $msc#edss-fs-pyramidal
* component[pyramidal].valueInteger = 2
* component[cerebellar].code = $msc#edss-fs-cerebellar
* component[cerebellar].valueInteger = 1
* component[brainstem].code = $msc#edss-fs-brainstem
* component[brainstem].valueInteger = 1
* component[sensory].code = $msc#edss-fs-sensory
* component[sensory].valueInteger = 3
* component[bowelBladder].code = $msc#edss-fs-bowel-bladder
* component[bowelBladder].valueInteger = 1
* component[visual].code = $msc#edss-fs-visual
* component[visual].dataAbsentReason = $dar#not-performed "Not Performed"
* component[cerebral].code = $msc#edss-fs-cerebral
* component[cerebral].valueInteger = 1
* component[other].code = $msc#edss-fs-other
* component[other].valueInteger = 0
* component[ambulation].code = $msc#edss-ambulation
* component[ambulation].valueQuantity = 500 'm' "m"

Instance: ms-edss-total-only-example
InstanceOf: MSEdss
Title: "EDSS 6.0, total only"
Usage: #example
* status = #amended
* code = $msc#edss "EDSS total"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-04-01"
* performer = Reference(Practitioner/ms-example-neurologist)
* valueQuantity = $ucum#{score} "score"
* valueQuantity.value = 6.0

Instance: ms-penn-spasm-example
InstanceOf: MSPennSpasm
Title: "Penn spasm frequency 2, moderate"
Usage: #example
* status = #final
* code = $msc#penn-spasm-frequency "Penn spasm frequency"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* valueInteger = 2
* component[severity].code = $msc#penn-spasm-severity
* component[severity].valueInteger = 2

Instance: ms-penn-spasm-none-example
InstanceOf: MSPennSpasm
Title: "Penn spasm frequency 0 (no spasms, no severity)"
Usage: #example
* status = #final
* code = $msc#penn-spasm-frequency "Penn spasm frequency"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-06-01"
* valueInteger = 0

Instance: ms-pain-score-example
InstanceOf: MSPainScore
Title: "Pain 6/10, neuropathic"
Usage: #example
* status = #final
* code = $loinc#72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* valueInteger = 6
* component[painType].code = $msc#pain-type
* component[painType].valueCodeableConcept = $msc#pain-neuropathic "Neuropathic pain"
* bodySite.text = "Both legs"

Instance: ms-mfis-example
InstanceOf: MSMfis
Title: "MFIS total 41"
Usage: #example
* status = #final
* code = $msc#mfis-total "MFIS total"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* valueInteger = 41

Instance: ms-mfis5-example
InstanceOf: MSMfis5
Title: "MFIS-5 total 11"
Usage: #example
* status = #final
* code = $msc#mfis5-total "MFIS-5 total"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* valueInteger = 11

Instance: ms-t25fw-example
InstanceOf: MST25fw
Title: "Timed 25-foot walk 6.4 s"
Usage: #example
* status = #final
* code = $msc#t25fw "Timed 25-foot walk"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* performer = Reference(Practitioner/ms-example-neurologist)
* valueQuantity = 6.4 's' "s"

Instance: ms-9hpt-example
InstanceOf: MS9hpt
Title: "9-hole peg test, both hands"
Usage: #example
* status = #final
* code = $msc#9hpt "9-hole peg test"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* component[dominantHand].code = $msc#9hpt-dominant-hand
* component[dominantHand].valueQuantity = 21.3 's' "s"
* component[nonDominantHand].code = $msc#9hpt-non-dominant-hand
* component[nonDominantHand].valueQuantity = 24.8 's' "s"

Instance: ms-sdmt-example
InstanceOf: MSSdmt
Title: "SDMT 52 correct"
Usage: #example
* status = #final
* code = $msc#sdmt "Symbol Digit Modalities Test"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-10-01"
* valueInteger = 52

Instance: ms-medication-statement-example
InstanceOf: MSMedicationStatement
Title: "Ocrelizumab (DMT) for RRMS"
Usage: #example
* status = #active
* category = $msc#dmt "Disease-modifying therapy"
* medicationCodeableConcept.coding[0] = $atc#L04AG08 "ocrelizumab"
* medicationCodeableConcept.coding[1] = $rxnorm#1876366 "ocrelizumab"
* subject = Reference(Patient/ms-example-patient)
* effectivePeriod.start = "2026-01-15"
* reasonReference = Reference(Condition/ms-diagnosis-example)

Instance: ms-medication-statement-symptomatic-example
InstanceOf: MSMedicationStatement
Title: "Baclofen (symptomatic) for spasticity"
Usage: #example
* status = #completed
* category = $msc#symptomatic "Symptomatic treatment"
* medicationCodeableConcept = $atc#M03BX01 "baclofen"
* subject = Reference(Patient/ms-example-patient)
* effectivePeriod.start = "2025-05-01"
* effectivePeriod.end = "2026-05-01"
* reasonCode = $sct#221360009 "Spasticity"

Instance: ms-care-plan-example
InstanceOf: MSCarePlan
Title: "MS care plan: DMT management and physiotherapy"
Usage: #example
* status = #active
* intent = #plan
* title = "MS care plan 2026-2027"
* subject = Reference(Patient/ms-example-patient)
* period.start = "2026-10-01"
* period.end = "2027-10-01"
* addresses = Reference(Condition/ms-diagnosis-example)
* activity[0].detail.code = $msc#care-dmt "Disease-modifying therapy management"
* activity[0].detail.status = #in-progress
* activity[1].detail.code = $sct#91251008 "Physical therapy procedure"
* activity[1].detail.status = #scheduled

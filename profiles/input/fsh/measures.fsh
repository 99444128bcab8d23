// Penn spasm, pain, MFIS, MFIS-5, T25FW, 9HPT and SDMT.

Profile: MSPennSpasm
Parent: Observation
Id: ms-penn-spasm
Title: "MS Penn Spasm Frequency Scale"
Description: "Penn Spasm Frequency Scale (Penn 1989): spasm frequency 0-4 as the value (0 no spasms, 1 mild spasms induced by stimulation, 2 infrequent full spasms less than once an hour, 3 spasms more than once an hour, 4 spasms more than ten times an hour) and the severity 1-3 (mild, moderate, severe) as a component, which must be absent when the frequency is 0."
* ^status = #draft
* insert MsMeasureBase
* obeys ms-penn-no-severity-without-spasms
* code = $msc#penn-spasm-frequency
* value[x] 1..1
* value[x] only integer
* valueInteger obeys ms-penn-frequency
* insert ComponentSlicing
* component contains severity 0..1 MS
* component[severity] ^short = "Spasm severity 1-3 (absent when frequency is 0)"
* component[severity].code = $msc#penn-spasm-severity
* component[severity].value[x] 1..1
* component[severity].value[x] only integer
* component[severity] obeys ms-penn-severity

Invariant: ms-penn-frequency
Description: "Penn spasm frequency must be a whole number from 0 to 4"
Expression: "$this >= 0 and $this <= 4"
Severity: #error

Invariant: ms-penn-severity
Description: "Penn spasm severity must be 1 (mild), 2 (moderate) or 3 (severe)"
Expression: "value >= 1 and value <= 3"
Severity: #error

Invariant: ms-penn-no-severity-without-spasms
Description: "Penn spasm severity must be absent when the spasm frequency is 0 (no spasms)"
Expression: "value.ofType(integer) = 0 implies component.where(code.coding.where(system = 'http://msfhir.org/fhir/CodeSystem/ms-concepts' and code = 'penn-spasm-severity').exists()).empty()"
Severity: #error

Profile: MSPainScore
Parent: Observation
Id: ms-pain-score
Title: "MS Pain Score"
Description: "Pain severity on the 0-10 numeric rating scale (LOINC 72514-3; 0 no pain, 10 worst imaginable pain), optionally with the pain type (neuropathic, spasticity-related, musculoskeletal, other) as a component and the body site in Observation.bodySite."
* ^status = #draft
* insert MsMeasureBase
* code = $loinc#72514-3
* value[x] 1..1
* value[x] only integer
* valueInteger obeys ms-pain-range
* bodySite MS
* insert ComponentSlicing
* component contains painType 0..* MS
* component[painType] ^short = "Pain type"
* component[painType].code = $msc#pain-type
* component[painType].value[x] 1..1
* component[painType].value[x] only CodeableConcept
* component[painType].valueCodeableConcept from $vs-pain-types (required)

Invariant: ms-pain-range
Description: "Pain score must be a whole number from 0 (no pain) to 10 (worst imaginable pain)"
Expression: "$this >= 0 and $this <= 10"
Severity: #error

Profile: MSMfis
Parent: Observation
Id: ms-mfis
Title: "MS MFIS total (Modified Fatigue Impact Scale)"
Description: "Total score of the 21-item Modified Fatigue Impact Scale, 0-84 (higher means more fatigue impact; 38 or more is clinically significant)."
* ^status = #draft
* insert MsMeasureBase
* code = $msc#mfis-total
* value[x] 1..1
* value[x] only integer
* valueInteger obeys ms-mfis-range

Invariant: ms-mfis-range
Description: "MFIS total must be a whole number from 0 to 84"
Expression: "$this >= 0 and $this <= 84"
Severity: #error

Profile: MSMfis5
Parent: Observation
Id: ms-mfis5
Title: "MS MFIS-5 total (5-item Modified Fatigue Impact Scale)"
Description: "Total score of the 5-item short form of the Modified Fatigue Impact Scale, 0-20."
* ^status = #draft
* insert MsMeasureBase
* code = $msc#mfis5-total
* value[x] 1..1
* value[x] only integer
* valueInteger obeys ms-mfis5-range

Invariant: ms-mfis5-range
Description: "MFIS-5 total must be a whole number from 0 to 20"
Expression: "$this >= 0 and $this <= 20"
Severity: #error

RuleSet: SecondsQuantity(path)
* {path}.value 1..1
* {path}.system 1..1
* {path}.system = $ucum
* {path}.code 1..1
* {path}.code = #s
* {path}.unit = "s"

Profile: MST25fw
Parent: Observation
Id: ms-t25fw
Title: "MS Timed 25-Foot Walk"
Description: "Timed 25-foot walk: the mean time of two trials in seconds (UCUM s). The test is stopped at 180 seconds, so longer times are not accepted."
* ^status = #draft
* insert MsMeasureBase
* code = $msc#t25fw
* value[x] 1..1
* value[x] only Quantity
* insert SecondsQuantity(valueQuantity)
* valueQuantity obeys ms-t25fw-range

Invariant: ms-t25fw-range
Description: "Timed 25-foot walk time must be more than 0 and at most 180 seconds"
Expression: "value.empty() or (value > 0 and value <= 180)"
Severity: #error

Profile: MS9hpt
Parent: Observation
Id: ms-9hpt
Title: "MS 9-Hole Peg Test"
Description: "9-hole peg test: time in seconds (UCUM s) per hand, as components for the dominant and the non-dominant hand (each may be absent with a dataAbsentReason); the value, if sent, is the mean of both hands. The test is stopped at 300 seconds. Coded with the local code ms-concepts#9hpt; LOINC 83141-2 (NIH Toolbox pegboard) may be added as a second coding."
* ^status = #draft
* insert MsMeasureBase
* obeys ms-9hpt-one-hand
* code = $msc#9hpt
* value[x] only Quantity
* insert SecondsQuantity(valueQuantity)
* valueQuantity obeys ms-9hpt-range
* insert ComponentSlicing
* component contains dominantHand 0..1 MS and nonDominantHand 0..1 MS
* component[dominantHand] ^short = "Time for the dominant hand (seconds)"
* component[dominantHand].code = $msc#9hpt-dominant-hand
* component[dominantHand].value[x] only Quantity
* insert SecondsQuantity(component[dominantHand].valueQuantity)
* component[dominantHand].valueQuantity obeys ms-9hpt-range
* component[dominantHand] obeys ms-component-value-or-reason
* component[nonDominantHand] ^short = "Time for the non-dominant hand (seconds)"
* component[nonDominantHand].code = $msc#9hpt-non-dominant-hand
* component[nonDominantHand].value[x] only Quantity
* insert SecondsQuantity(component[nonDominantHand].valueQuantity)
* component[nonDominantHand].valueQuantity obeys ms-9hpt-range
* component[nonDominantHand] obeys ms-component-value-or-reason

Invariant: ms-9hpt-range
Description: "9-hole peg test time must be more than 0 and at most 300 seconds"
Expression: "value.empty() or (value > 0 and value <= 300)"
Severity: #error

Invariant: ms-9hpt-one-hand
Description: "A 9-hole peg test needs the result of at least one hand (component dominant or non-dominant hand)"
Expression: "component.where(code.coding.where(system = 'http://msfhir.org/fhir/CodeSystem/ms-concepts' and (code = '9hpt-dominant-hand' or code = '9hpt-non-dominant-hand')).exists()).exists()"
Severity: #error

Profile: MSSdmt
Parent: Observation
Id: ms-sdmt
Title: "MS Symbol Digit Modalities Test"
Description: "Symbol Digit Modalities Test: number of correct answers in 90 seconds, 0-110 (higher is better)."
* ^status = #draft
* insert MsMeasureBase
* code = $msc#sdmt
* value[x] 1..1
* value[x] only integer
* valueInteger obeys ms-sdmt-range

Invariant: ms-sdmt-range
Description: "SDMT score must be a whole number from 0 to 110"
Expression: "$this >= 0 and $this <= 110"
Severity: #error

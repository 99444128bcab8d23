// MRI activity assessment: the imaging half of the Lublin 2014 activity qualifier and of NEDA-3.

Profile: MSMriActivity
Parent: Observation
Id: ms-mri-activity
Title: "MS MRI activity assessment"
Description: "A brain and/or spinal cord MRI read for MS activity: the number of new or enlarging T2 lesions against an earlier (comparison) scan and the number of gadolinium-enhancing lesions, as integer components; the comparison scan as a date component and, where stored, a reference in derivedFrom (ImagingStudy, DocumentReference or the earlier assessment). No standard code is confirmed for these counts: they use local ms-concepts codes. The scan is active (Lublin 2014, NEDA-3) when either count is above 0."
* ^status = #draft
* insert MsMeasureBase
* obeys ms-mri-one-count
* code = $msc#mri-activity
* value[x] 0..0
* derivedFrom MS
* derivedFrom only Reference(ImagingStudy or DocumentReference or Observation)
* derivedFrom ^short = "The comparison scan (ImagingStudy, report as DocumentReference, or earlier assessment), where stored"
* insert ComponentSlicing
* component contains newOrEnlargingT2 0..1 MS and gdEnhancing 0..1 MS and comparisonDate 0..1 MS
* component[newOrEnlargingT2] ^short = "Number of new or enlarging T2 lesions against the comparison scan"
* component[newOrEnlargingT2].code = $msc#mri-new-enlarging-t2
* component[newOrEnlargingT2].value[x] only integer
* component[newOrEnlargingT2] obeys ms-mri-count-range and ms-component-value-or-reason
* component[gdEnhancing] ^short = "Number of gadolinium-enhancing lesions"
* component[gdEnhancing].code = $msc#mri-gd-enhancing
* component[gdEnhancing].value[x] only integer
* component[gdEnhancing] obeys ms-mri-count-range and ms-component-value-or-reason
* component[comparisonDate] ^short = "Date of the comparison scan"
* component[comparisonDate].code = $msc#mri-comparison-date
* component[comparisonDate].value[x] 1..1
* component[comparisonDate].value[x] only dateTime

Invariant: ms-mri-count-range
Description: "A lesion count must be a whole number from 0 to 500"
Expression: "value.empty() or (value >= 0 and value <= 500)"
Severity: #error

Invariant: ms-mri-one-count
Description: "An MRI activity assessment needs at least one lesion count (new or enlarging T2, or Gd-enhancing)"
Expression: "component.where(code.coding.where(system = 'http://msfhir.org/fhir/CodeSystem/ms-concepts' and (code = 'mri-new-enlarging-t2' or code = 'mri-gd-enhancing')).exists()).exists()"
Severity: #error

Instance: ms-mri-activity-example
InstanceOf: MSMriActivity
Title: "Yearly MRI: one new T2 lesion, no Gd-enhancing lesion"
Usage: #example
* status = #final
* code = $msc#mri-activity "MRI activity assessment"
* subject = Reference(Patient/ms-example-patient)
* effectiveDateTime = "2026-09-15"
* performer = Reference(Practitioner/ms-example-neurologist)
* component[newOrEnlargingT2].code = $msc#mri-new-enlarging-t2 "New or enlarging T2 lesions"
* component[newOrEnlargingT2].valueInteger = 1
* component[gdEnhancing].code = $msc#mri-gd-enhancing "Gadolinium-enhancing lesions"
* component[gdEnhancing].valueInteger = 0
* component[comparisonDate].code = $msc#mri-comparison-date "Comparison scan date"
* component[comparisonDate].valueDateTime = "2025-09-10"

RuleSet: FunctionalSystem(slice, code, short, invariant)
* component[{slice}] ^short = "{short}"
* component[{slice}].code = $msc#{code}
* component[{slice}].value[x] only integer
* component[{slice}].value[x] MS
* component[{slice}].dataAbsentReason MS
* component[{slice}] obeys ms-component-value-or-reason and {invariant}

Profile: MSEdss
Parent: Observation
Id: ms-edss
Title: "MS EDSS (Expanded Disability Status Scale)"
Description: "The Kurtzke Expanded Disability Status Scale as scored by the clinician: the total (0, 1.0 ... 10.0 in steps of 0.5), the eight functional system grades as components (each may be absent with a dataAbsentReason when it could not be assessed) and optionally the walking range. Coded with the local code ms-concepts#edss; SNOMED CT 273554001 (Kurtzke MS rating scale) may be added as a second coding. The total is stored as entered, never derived from the grades."
* ^status = #draft
* insert MsMeasureBase
* status obeys ms-obs-final-status
* obeys ms-edss-plausible-zero
* code = $msc#edss
* performer 1..* MS
* value[x] 1..1
* value[x] only Quantity
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $ucum
* valueQuantity.code 1..1
* valueQuantity.code = #{score}
* valueQuantity obeys ms-edss-total
* insert ComponentSlicing
* component contains
    pyramidal 0..1 MS and
    cerebellar 0..1 MS and
    brainstem 0..1 MS and
    sensory 0..1 MS and
    bowelBladder 0..1 MS and
    visual 0..1 MS and
    cerebral 0..1 MS and
    other 0..1 MS and
    ambulation 0..1 MS
* insert FunctionalSystem(pyramidal, edss-fs-pyramidal, Pyramidal functions grade 0-6, ms-edss-fs-pyramidal)
* insert FunctionalSystem(cerebellar, edss-fs-cerebellar, Cerebellar functions grade 0-5, ms-edss-fs-cerebellar)
* insert FunctionalSystem(brainstem, edss-fs-brainstem, Brainstem functions grade 0-5, ms-edss-fs-brainstem)
* insert FunctionalSystem(sensory, edss-fs-sensory, Sensory functions grade 0-6, ms-edss-fs-sensory)
* insert FunctionalSystem(bowelBladder, edss-fs-bowel-bladder, Bowel and bladder functions grade 0-6, ms-edss-fs-bowel-bladder)
* insert FunctionalSystem(visual, edss-fs-visual, Visual functions grade 0-6, ms-edss-fs-visual)
* insert FunctionalSystem(cerebral, edss-fs-cerebral, Cerebral or mental functions grade 0-5, ms-edss-fs-cerebral)
* insert FunctionalSystem(other, edss-fs-other, Other functions grade 0-1, ms-edss-fs-other)
* component[ambulation] ^short = "Walking range in metres (optional)"
* component[ambulation].code = $msc#edss-ambulation
* component[ambulation].value[x] only Quantity
* component[ambulation].valueQuantity.system = $ucum
* component[ambulation].valueQuantity.code = #m
* component[ambulation] obeys ms-component-value-or-reason and ms-edss-ambulation

Invariant: ms-edss-total
Description: "EDSS must be 0 or between 1.0 and 10.0 in steps of 0.5 (0.5 does not exist)"
// Written on the decimal's text: FHIRPath compares decimals of different precision (10.0 vs 10)
// unreliably, and the text also keeps 0.5 out exactly.
Expression: "value.empty() or value.toString().matches('^(0([.]0+)?|[1-9]([.][05]0*)?|10([.]0+)?)$')"
Severity: #error

Invariant: ms-edss-plausible-zero
Description: "An EDSS total of 0 means a normal examination, but a functional system grade above 0 was recorded: check the total and the grades"
Expression: "value.ofType(Quantity).value = 0 implies component.value.ofType(integer).all($this = 0)"
Severity: #warning

Invariant: ms-edss-fs-pyramidal
Description: "The pyramidal functional system grade must be a whole number from 0 to 6"
Expression: "value.empty() or (value >= 0 and value <= 6)"
Severity: #error

Invariant: ms-edss-fs-cerebellar
Description: "The cerebellar functional system grade must be a whole number from 0 to 5"
Expression: "value.empty() or (value >= 0 and value <= 5)"
Severity: #error

Invariant: ms-edss-fs-brainstem
Description: "The brainstem functional system grade must be a whole number from 0 to 5"
Expression: "value.empty() or (value >= 0 and value <= 5)"
Severity: #error

Invariant: ms-edss-fs-sensory
Description: "The sensory functional system grade must be a whole number from 0 to 6"
Expression: "value.empty() or (value >= 0 and value <= 6)"
Severity: #error

Invariant: ms-edss-fs-bowel-bladder
Description: "The bowel and bladder functional system grade must be a whole number from 0 to 6"
Expression: "value.empty() or (value >= 0 and value <= 6)"
Severity: #error

Invariant: ms-edss-fs-visual
Description: "The visual functional system grade must be a whole number from 0 to 6"
Expression: "value.empty() or (value >= 0 and value <= 6)"
Severity: #error

Invariant: ms-edss-fs-cerebral
Description: "The cerebral (mental) functional system grade must be a whole number from 0 to 5"
Expression: "value.empty() or (value >= 0 and value <= 5)"
Severity: #error

Invariant: ms-edss-fs-other
Description: "The 'other' functional system grade must be 0 or 1"
Expression: "value.empty() or (value >= 0 and value <= 1)"
Severity: #error

Invariant: ms-edss-ambulation
Description: "The walking range (metres) must not be negative"
Expression: "value.empty() or value.ofType(Quantity).value >= 0"
Severity: #error

// Rules shared by the MS Observation profiles.

RuleSet: MsMeasureBase
* status MS
* code MS
* subject 1..1 MS
* subject only Reference(Patient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* performer MS
* value[x] MS

// Pattern slicing of Observation.component by component code.
RuleSet: ComponentSlicing
* component ^slicing.discriminator.type = #pattern
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component ^slicing.description = "One slice per component code"
* component MS

Invariant: ms-obs-final-status
Description: "Status must be final, amended, corrected or entered-in-error: preliminary or unfinished assessments are not accepted"
Expression: "$this = 'final' or $this = 'amended' or $this = 'corrected' or $this = 'entered-in-error'"
Severity: #error

Invariant: ms-component-value-or-reason
Description: "A component needs either a value or a dataAbsentReason saying why it was not assessed"
Expression: "value.exists() or dataAbsentReason.exists()"
Severity: #error

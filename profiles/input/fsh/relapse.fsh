Extension: RelapseRecovery
Id: ms-relapse-recovery
Title: "Relapse recovery"
Description: "How far the patient recovered from an MS relapse (complete, partial, none, unknown)."
Context: Condition
* ^status = #draft
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from $vs-relapse-recovery (required)

Extension: RelapseSteroidTreatment
Id: ms-relapse-steroid-treated
Title: "Relapse treated with steroids"
Description: "Whether the MS relapse was treated with corticosteroids (for example high-dose methylprednisolone). Details of the treatment, where known, belong in a MedicationStatement."
Context: Condition
* ^status = #draft
* value[x] only boolean
* valueBoolean 1..1

Profile: MSRelapse
Parent: Condition
Id: ms-relapse
Title: "MS Relapse"
Description: "An MS relapse (exacerbation of MS, SNOMED CT 192929006): new or worsening symptoms attributable to demyelination lasting more than 24 hours. Modelled as a Condition because a relapse is a clinical episode with an onset, an end (abatement), a severity and a clinical status, all native Condition elements; an Observation records a measurement at a point in time. Links to the MS diagnosis it belongs to through the core extension condition-dueTo."
* ^status = #draft
* extension contains
    $dueTo named msDiagnosis 0..1 MS and
    RelapseRecovery named recovery 0..1 MS and
    RelapseSteroidTreatment named steroidTreated 0..1 MS
* extension[msDiagnosis] ^short = "The MS diagnosis this relapse belongs to"
* extension[msDiagnosis].value[x] only Reference(MSDiagnosis)
* clinicalStatus MS
* verificationStatus MS
* code 1..1 MS
* code = $sct#192929006
* severity MS
* severity from $vs-relapse-severity (required)
* subject 1..1 MS
* subject only Reference(Patient)
* onset[x] 1..1 MS
* onset[x] only dateTime
* abatement[x] MS
* abatement[x] only dateTime
* recordedDate MS
* note MS

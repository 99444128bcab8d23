Profile: MSCarePlan
Parent: CarePlan
Id: ms-care-plan
Title: "MS Care Plan"
Description: "A care plan for an MS patient: it addresses the MS diagnosis and lists the planned activities (physiotherapy, occupational and speech therapy, cognitive behavioural therapy, disease-modifying therapy management, spasticity, pain, bladder and fatigue management), each coded from ValueSet ms-care-activities, with status, intent, period and goals."
* ^status = #draft
* status MS
* intent MS
* title MS
* subject 1..1 MS
* subject only Reference(Patient)
* period MS
* period.start 1..1 MS
* addresses 1..* MS
* addresses only Reference(MSDiagnosis)
* goal MS
* activity 1..* MS
* activity.reference 0..0
* activity.detail 1..1 MS
* activity.detail.code 1..1 MS
* activity.detail.code from $vs-care-activities (required)
* activity.detail.status MS

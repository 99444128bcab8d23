package org.msfhir.analytics.fhir;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.msfhir.analytics.Measure;
import org.msfhir.analytics.PatientProgression;
import org.msfhir.analytics.ProgressionSettings;
import org.msfhir.analytics.WorseningEvent;

/**
 * Stores a patient's confirmed worsenings as derived Observations (code ms-concepts
 * disability-worsening-event, value the RAW/PIRA/undetermined class, the measure's value at onset as a
 * component, derivedFrom the reference, onset and confirmation Observations) plus one Provenance naming
 * every input resource, in one transaction under the caller's own authorization. Each Observation has
 * an identifier made of patient, measure, onset date and settings, and is created only if none with that
 * identifier exists, so repeating a call does not duplicate events.
 */
class DerivedEventWriter {

	static final String IDENTIFIER_SYSTEM = "http://msfhir.org/fhir/analytics/disability-worsening";

	private final IFhirSystemDao<Bundle, Meta> systemDao;

	DerivedEventWriter(IFhirSystemDao<Bundle, Meta> systemDao) {
		this.systemDao = systemDao;
	}

	/** The references of the stored Observations (existing ones included) and of the Provenance. */
	List<String> write(PatientData data, PatientProgression progression, RequestDetails request) {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		List<String> observationUrls = new ArrayList<>();
		for (Measure m : Measure.values()) {
			for (WorseningEvent e : progression.result(m).events()) {
				String identifier = data.patientId() + "|" + AnalyticsCodes.measureCode(m) + "|" + e.onset().date()
						+ "|" + Integer.toHexString(progression.settings().hashCode());
				Observation o = observation(data, e, progression.settings(), identifier);
				String fullUrl = "urn:uuid:" + UUID.randomUUID();
				observationUrls.add(fullUrl);
				tx.addEntry().setFullUrl(fullUrl).setResource(o).getRequest()
						.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
						.setIfNoneExist("identifier=" + IDENTIFIER_SYSTEM + "|" + identifier);
			}
		}
		if (observationUrls.isEmpty()) {
			return List.of();
		}
		Provenance provenance = new Provenance();
		observationUrls.forEach(url -> provenance.addTarget(new Reference(url)));
		provenance.setRecorded(new Date());
		provenance.setActivity(new CodeableConcept().setText("$ms-progression: confirmed disability worsening"));
		provenance.addAgent().setWho(new Reference().setDisplay("MS FHIR Server $ms-progression"));
		for (String input : data.inputs()) {
			provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(input));
		}
		tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
		Bundle response = systemDao.transaction(request, tx);
		List<String> out = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : response.getEntry()) {
			String location = entry.getResponse().getLocation();
			if (location != null) {
				org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(location);
				out.add(id.getResourceType() + "/" + id.getIdPart());
			}
		}
		return out;
	}

	private static Observation observation(PatientData data, WorseningEvent e, ProgressionSettings settings,
			String identifier) {
		Observation o = new Observation();
		o.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier);
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.setCode(new CodeableConcept(new Coding(AnalyticsCodes.MS_CONCEPTS, AnalyticsCodes.WORSENING_EVENT,
				"Confirmed disability worsening event")));
		o.setSubject(new Reference("Patient/" + data.patientId()));
		o.setEffective(new Period()
				.setStartElement(new DateTimeType(e.onset().date().toString()))
				.setEndElement(new DateTimeType(e.confirmation().date().toString())));
		o.setValue(new CodeableConcept(new Coding(AnalyticsCodes.MS_CONCEPTS,
				AnalyticsCodes.classCode(e.classification()), e.classification().name())));
		String measureCode = AnalyticsCodes.measureCode(e.measure());
		o.addComponent()
				.setCode(new CodeableConcept(new Coding(AnalyticsCodes.MS_CONCEPTS, measureCode, null)))
				.setValue(new Quantity().setValue(e.onset().value()));
		o.addNote().setText(e.measure() + " " + e.reference().value() + " (" + e.reference().date() + ") -> "
				+ e.onset().value() + " (" + e.onset().date() + "), confirmed " + e.confirmation().value() + " ("
				+ e.confirmation().date() + "); reference " + settings.reference().name().toLowerCase()
				+ ", confirmation " + settings.confirmationWeeks() + " weeks");
		for (var m : List.of(e.reference(), e.onset(), e.confirmation())) {
			String source = data.source(e.measure(), m);
			if (source != null && o.getDerivedFrom().stream().noneMatch(r -> source.equals(r.getReference()))) {
				o.addDerivedFrom(new Reference(source));
			}
		}
		return o;
	}
}

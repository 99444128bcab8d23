package org.msfhir.ig;

import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the guide's terminology ready before the server takes traffic: value sets written by the load
 * are pre-expanded into HAPI's terminology tables now rather than by HAPI's scheduled task up to ten
 * minutes later, so {@code $expand} (with {@code filter} and {@code count}) and {@code $validate-code}
 * behave the same from the first request on. HAPI records a value set that cannot be expanded as
 * failed and answers it by in-memory expansion; the rest of the server works.
 */
public class IgTerminologyWarmUp {

	private static final Logger log = LoggerFactory.getLogger(IgTerminologyWarmUp.class);

	private final ITermReadSvc termReadSvc;

	public IgTerminologyWarmUp(ITermReadSvc termReadSvc) {
		this.termReadSvc = termReadSvc;
	}

	public void warmUp(IgPackage ig) {
		long start = System.nanoTime();
		// Only value sets not yet pre-expanded are processed: after an unchanged restart this is one query.
		termReadSvc.preExpandDeferredValueSetsToTerminologyTables();
		long valueSets = ig.resources().stream().filter(ValueSet.class::isInstance).count();
		log.info("MS guide terminology ready: {} value sets pre-expanded (where needed) in {} ms",
				valueSets, (System.nanoTime() - start) / 1_000_000);
	}
}

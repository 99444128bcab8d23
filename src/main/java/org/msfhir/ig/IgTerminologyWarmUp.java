package org.msfhir.ig;

import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands every value set of the guide once at startup, so the first {@code $expand} or
 * {@code $validate-code} from a user (or from profile validation) does not pay for loading the code
 * systems. A value set that cannot be expanded is logged, not fatal: the rest of the server works.
 */
public class IgTerminologyWarmUp {

	private static final Logger log = LoggerFactory.getLogger(IgTerminologyWarmUp.class);

	private final ITermReadSvc termReadSvc;

	public IgTerminologyWarmUp(ITermReadSvc termReadSvc) {
		this.termReadSvc = termReadSvc;
	}

	public void warmUp(IgPackage ig) {
		long start = System.nanoTime();
		int expanded = 0;
		for (IBaseResource resource : ig.resources()) {
			if (resource instanceof ValueSet valueSet) {
				try {
					termReadSvc.expandValueSet(new ValueSetExpansionOptions(), valueSet.getUrl());
					expanded++;
				} catch (RuntimeException e) {
					log.warn("MS guide value set {} could not be expanded: {}", valueSet.getUrl(), e.getMessage());
				}
			}
		}
		log.info("MS guide terminology warmed up: {} value sets expanded in {} ms",
				expanded, (System.nanoTime() - start) / 1_000_000);
	}
}

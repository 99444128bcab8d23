package org.msfhir.tools.synthetic;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The synthetic MS cohort: patient {@code i} of seed {@code s} is always the same transaction bundle,
 * independent of how many patients are generated or in what order.
 */
public final class CohortGenerator {

	/** Default reference date ("today" of the simulation), fixed for reproducible output. */
	public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 6, 30);

	private final long seed;
	private final ClinicalSimulator simulator;

	public CohortGenerator(long seed, LocalDate asOf) {
		this.seed = seed;
		this.simulator = new ClinicalSimulator(asOf);
	}

	public CohortGenerator(long seed) {
		this(seed, DEFAULT_AS_OF);
	}

	public PatientHistory history(int index) {
		return simulator.simulate(seed, index);
	}

	public Bundle bundle(int index) {
		return FhirBundleBuilder.build(history(index));
	}
}

package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.msfhir.tools.synthetic.CohortGenerator;

/**
 * What MS profile validation costs per resource, without a server or database: validates the
 * synthetic cohort's resources on one thread and prints milliseconds per resource. A benchmark, not
 * a test (its name keeps it out of the test run):
 * {@code mvn -pl src/server -am test -Dtest=ValidationCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.patients=40] [-Dbench.rounds=3] [-Dbench.type=Condition]}.
 */
class ValidationCostBenchmark {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void validateSyntheticCohort() {
		int patients = Integer.getInteger("bench.patients", 40);
		int rounds = Integer.getInteger("bench.rounds", 3);
		String onlyType = System.getProperty("bench.type"); // e.g. Condition: validate only that type
		MsResourceValidator validator = MsRuleCases.validatorFromSources(FHIR);
		List<IBaseResource> resources = new ArrayList<>();
		CohortGenerator generator = new CohortGenerator(42);
		for (int i = 0; i < patients; i++) {
			for (Bundle.BundleEntryComponent entry : generator.bundle(i).getEntry()) {
				if (onlyType == null || onlyType.equals(entry.getResource().fhirType())) {
					resources.add(entry.getResource());
				}
			}
		}
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			int errors = 0;
			Map<String, long[]> byType = new TreeMap<>(); // type -> {resources, nanoseconds}
			for (IBaseResource resource : resources) {
				long began = System.nanoTime();
				Set<String> profiles = validator.selector().profilesFor(resource);
				if (ValidationOutcomes.hasErrors(validator.validate(resource, profiles).getMessages())) {
					errors++;
				}
				String profile = ((org.hl7.fhir.r4.model.Resource) resource).getMeta().getProfile().stream()
						.map(p -> p.getValue().substring(p.getValue().lastIndexOf('/') + 1)).findFirst().orElse("");
				long[] cost = byType.computeIfAbsent(FHIR.getResourceType(resource) + " " + profile, t -> new long[2]);
				cost[0]++;
				cost[1] += System.nanoTime() - began;
			}
			double ms = (System.nanoTime() - start) / 1e6;
			System.out.printf("[validation-cost] round %d: %d resources in %.0f ms = %.3f ms/resource, %d with errors%n",
					round, resources.size(), ms, ms / resources.size(), errors);
			byType.forEach((type, cost) -> System.out.printf("[validation-cost]   %-50s %6d resources, %.3f ms each, %4.1f %% of the time%n",
					type, cost[0], cost[1] / 1e6 / cost[0], 100 * cost[1] / 1e6 / ms));
		}
	}
}

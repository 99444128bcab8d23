package org.msfhir.bulkexport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.msfhir.support.MsTestData;

/**
 * Export throughput on PostgreSQL: loads a synthetic MS data set and times full and de-identified
 * exports. Not part of the suite (the name matches neither *Test nor *IT); run it with
 * {@code mvn -pl src/server -am test -Dtest=ExportThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.patients=1000}; add
 * {@code -Dbench.cohort=synthetic} for the benchmark's synthetic cohort (~160 resources per patient).
 */
class ExportThroughputBenchmark extends BulkExportTestBase {

	@Test
	void measure() throws Exception {
		int patients = Integer.getInteger("bench.patients", 1000);
		long loadStart = System.nanoTime();
		int resources = "synthetic".equals(System.getProperty("bench.cohort"))
				? loadSyntheticCohort(patients)
				: loadSmallRecords(patients);
		double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
		System.out.printf("BENCH loaded %d resources in %.1f s (%.0f/s)%n", resources, loadSeconds, resources / loadSeconds);
		measureExports();
	}

	/**
	 * The benchmark's synthetic cohort (seed 42, ~160 resources per patient), one transaction per
	 * patient, two at a time ({@code -Dbench.cohort=synthetic}).
	 */
	private int loadSyntheticCohort(int patients) throws Exception {
		org.msfhir.tools.synthetic.CohortGenerator generator = new org.msfhir.tools.synthetic.CohortGenerator(42);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		java.util.concurrent.atomic.AtomicInteger resources = new java.util.concurrent.atomic.AtomicInteger();
		List<java.util.concurrent.Future<?>> done = new ArrayList<>();
		for (int i = 0; i < patients; i++) {
			int index = i;
			done.add(pool.submit(() -> {
				Bundle patientBundle = generator.bundle(index);
				client().transaction().withBundle(patientBundle).execute();
				resources.addAndGet(patientBundle.getEntry().size());
			}));
		}
		for (java.util.concurrent.Future<?> future : done) {
			future.get();
		}
		pool.shutdown();
		return resources.get();
	}

	private int loadSmallRecords(int patients) {
		int resources = 0;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < patients; i++) {
			List<Resource> batch = patientRecord(i);
			for (Resource r : batch) {
				bundle.addEntry().setFullUrl(r.getIdElement().getValue()).setResource(r)
						.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType());
			}
			resources += batch.size();
			if (bundle.getEntry().size() >= 120 || i == patients - 1) {
				client().transaction().withBundle(bundle).execute();
				bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			}
		}
		return resources;
	}

	private void measureExports() {
		for (String query : List.of(
				"$export", "$export", "$export?deidentify=true")) {
			long start = System.nanoTime();
			JsonNode manifest = awaitManifest(statusUrl(kickOff(query)));
			double seconds = (System.nanoTime() - start) / 1e9;
			long count = 0;
			for (JsonNode output : manifest.get("output")) {
				count += output.get("count").asLong();
			}
			System.out.printf("BENCH %s: %d resources in %.2f s kick-off to manifest (%.0f resources/s)%n",
					query, count, seconds, count / seconds);
		}
	}

	/** One synthetic patient: diagnosis, two medication statements, 12 EDSS and 12 pain scores. */
	private static List<Resource> patientRecord(int i) {
		List<Resource> out = new ArrayList<>();
		Patient patient = MsTestData.patient("Bench" + i, "Pat", (1950 + i % 50) + "-0" + (1 + i % 9) + "-15", "Bern");
		patient.setId("urn:uuid:" + java.util.UUID.randomUUID());
		out.add(patient);
		String ref = patient.getIdElement().getValue();
		out.add(withSubject(MsTestData.diagnosis("x", i % 3 == 0 ? MsTestData.SPMS : MsTestData.RRMS, "MS course", "2010-01-01"), ref));
		out.add(withSubject(MsTestData.medication("x", MsTestData.ATC, "L04AE03", "siponimod", "2021-01-01", null), ref));
		out.add(withSubject(MsTestData.medication("x", MsTestData.ATC, "M03BX01", "baclofen", "2019-01-01", "2020-01-01"), ref));
		for (int v = 0; v < 12; v++) {
			out.add(withSubject(MsTestData.edss("x", 1.0 + (i + v) % 17 * 0.5, (2014 + v) + "-03-01"), ref));
			out.add(withSubject(MsTestData.pain("x", (i + v) % 11, (2014 + v) + "-03-01"), ref));
		}
		return out;
	}

	private static Resource withSubject(Resource resource, String patientRef) {
		resource.setId("urn:uuid:" + java.util.UUID.randomUUID());
		if (resource instanceof org.hl7.fhir.r4.model.Condition c) {
			c.setSubject(new Reference(patientRef));
		} else if (resource instanceof org.hl7.fhir.r4.model.MedicationStatement m) {
			m.setSubject(new Reference(patientRef));
		} else if (resource instanceof org.hl7.fhir.r4.model.Observation o) {
			o.setSubject(new Reference(patientRef));
		}
		return resource;
	}
}

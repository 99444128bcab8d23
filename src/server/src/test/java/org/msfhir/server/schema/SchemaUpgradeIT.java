package org.msfhir.server.schema;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.msfhir.MsFhirServerApplication;
import org.msfhir.support.MsTestData;
import org.msfhir.support.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Upgrade of a database made by the previous release, whose schema Hibernate's {@code hbm2ddl update}
 * created and changed: the server starts on it, HAPI's migration tasks and the own scripts bring it
 * under managed migrations, Hibernate validates it, and every resource written before is found.
 *
 * <p>Two application starts outside the shared context (~25 s each): the first reproduces the
 * previous release's start (no migrations, {@code hbm2ddl update}) on a database of its own, the second
 * is this release's start on that same database; the shared context cannot show either. Both bind to
 * 127.0.0.1 in {@code open} security mode (allowed on loopback only), so no token is needed.
 */
class SchemaUpgradeIT {

	private static final String DATABASE = "previous_release";

	private final FhirContext fhir = FhirContext.forR4Cached();

	@Test
	void aDatabaseOfThePreviousReleaseIsMigratedAndAllDataIsFound() throws Exception {
		String url = freshDatabase();
		String patientId;
		String observationId;
		String conditionId;
		try (ConfigurableApplicationContext previous = start(url,
				"--msfhir.schema.migrate=false",
				"--msfhir.schema.check=false",
				"--spring.jpa.properties.hibernate.hbm2ddl.auto=update")) {
			IGenericClient client = client(previous);
			Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			Patient patient = MsTestData.patient("Upgrade", "Ursula", "1980-04-02", "Basel");
			patient.setId("urn:uuid:6b7f7c2e-0001-4000-8000-000000000001");
			transaction.addEntry().setFullUrl(patient.getId()).setResource(patient)
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
			Observation edss = MsTestData.edss("x", 3.5, "2024-05-06");
			edss.getSubject().setReference(patient.getId());
			transaction.addEntry().setResource(edss).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
			Condition diagnosis = MsTestData.diagnosis("x", MsTestData.RRMS, "Relapsing remitting multiple sclerosis", "2019-03-01");
			diagnosis.getSubject().setReference(patient.getId());
			transaction.addEntry().setResource(diagnosis).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
			Bundle answer = client.transaction().withBundle(transaction).execute();
			patientId = idPart(answer, 0);
			observationId = idPart(answer, 1);
			conditionId = idPart(answer, 2);
			// A second version of the patient, so history is part of what must survive.
			Patient stored = client.read().resource(Patient.class).withId(patientId).execute();
			stored.addName().setFamily("Upgrade-Married");
			client.update().resource(stored).execute();
		}
		assertThat(tableCount(url, SchemaMigration.HAPI_MIGRATION_TABLE)).isZero();

		try (ConfigurableApplicationContext current = start(url)) {
			IGenericClient client = client(current);
			Patient patient = client.read().resource(Patient.class).withId(patientId).execute();
			assertThat(patient.getName()).extracting(n -> n.getFamily()).containsExactly("Upgrade", "Upgrade-Married");
			assertThat(patient.getMeta().getVersionId()).isEqualTo("2");
			Patient first = client.read().resource(Patient.class).withIdAndVersion(patientId, "1").execute();
			assertThat(first.getName()).hasSize(1);
			assertThat(client.read().resource(Observation.class).withId(observationId).execute().getValueQuantity()
					.getValue()).isEqualByComparingTo("3.5");

			assertThat(ids(client.search().byUrl("Patient?family=Upgrade").returnBundle(Bundle.class).execute()))
					.containsExactly(patientId);
			assertThat(ids(client.search()
					.byUrl("Observation?subject=Patient/" + patientId + "&code=" + MsTestData.MS_CONCEPTS + "|edss")
					.returnBundle(Bundle.class).execute())).containsExactly(observationId);
			assertThat(ids(client.search()
					.byUrl("Condition?patient=" + patientId + "&code=" + MsTestData.SNOMED + "|" + MsTestData.RRMS)
					.returnBundle(Bundle.class).execute())).containsExactly(conditionId);
			Bundle everything = client.operation().onInstance("Patient/" + patientId).named("$everything")
					.withNoParameters(org.hl7.fhir.r4.model.Parameters.class).returnResourceType(Bundle.class).execute();
			assertThat(ids(everything)).containsExactlyInAnyOrder(patientId, observationId, conditionId);

			// The upgraded schema takes new writes, found by search like the old ones.
			Observation later = MsTestData.edss(patientId, 4.0, "2025-05-06");
			String laterId = client.create().resource(later).execute().getId().getIdPart();
			assertThat(ids(client.search().byUrl("Observation?subject=Patient/" + patientId + "&_sort=date")
					.returnBundle(Bundle.class).execute())).containsExactly(observationId, laterId);
		}
		assertThat(tableCount(url, SchemaMigration.HAPI_MIGRATION_TABLE)).isPositive();
		assertThat(tableCount(url, OwnSchemaMigrations.VERSION_TABLE)).isPositive();
	}

	private static String idPart(Bundle answer, int entry) {
		return answer.getEntry().get(entry).getResponse().getLocation().split("/")[1];
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static String freshDatabase() throws Exception {
		try (Connection connection = DriverManager.getConnection(TestPostgres.jdbcUrl(), "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		return TestPostgres.get().getJdbcUrl("postgres", DATABASE);
	}

	/** Rows in a table, 0 when it does not exist (HAPI's history table has an upper-case, quoted name). */
	private static long tableCount(String url, String table) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			String name = null;
			try (ResultSet found = statement.executeQuery(
					"SELECT table_name FROM information_schema.tables WHERE lower(table_name) = lower('" + table + "')")) {
				if (found.next()) {
					name = found.getString(1);
				}
			}
			if (name == null) {
				return 0;
			}
			try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"" + name + "\"")) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private IGenericClient client(ConfigurableApplicationContext app) {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhir.getRestfulClientFactory().setSocketTimeout(120_000);
		return fhir.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
	}

	private static ConfigurableApplicationContext start(String url, String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of(
				"--spring.profiles.active=postgres,test",
				"--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--server.port=0",
				"--server.address=127.0.0.1",
				"--msfhir.security.mode=open",
				"--spring.main.banner-mode=off"));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(MsFhirServerApplication.class).run(args.toArray(String[]::new));
	}
}

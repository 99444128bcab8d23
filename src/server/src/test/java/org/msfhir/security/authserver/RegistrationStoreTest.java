package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SecurityProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Admin registrations survive a restart: a new registry on the same database sees them. */
class RegistrationStoreTest {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Test
	void clientsAndUsersRegisteredThroughTheApiAreReloadedHashed() {
		JdbcDataSource db = new JdbcDataSource();
		db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		RegistrationStore store = new RegistrationStore(db);

		ClientRegistry before = new ClientRegistry(List.of(), encoder, store);
		before.registerAndStore(new SecurityProperties.Client(
				"stored-app", "Stored", "{noop}looks-encoded-but-is-plain", "", "", List.of("https://a/cb"),
				List.of("patient/*.rs"), List.of("authorization_code", "client_credentials")));
		UserAccounts usersBefore = new UserAccounts(List.of(), encoder, store);
		usersBefore.registerAndStore(new SecurityProperties.User("nurse", "pw-1", "Practitioner/9", "Nurse"));

		// "Restart": new objects over the same database.
		RegistrationStore reopened = new RegistrationStore(db);
		ClientRegistry after = new ClientRegistry(List.of(), encoder, reopened);
		RegisteredClient client = after.find("stored-app").orElseThrow();
		assertThat(after.secretMatches(client, "{noop}looks-encoded-but-is-plain")).isTrue();
		assertThat(client.scopes()).containsExactly("patient/*.rs");
		assertThat(new UserAccounts(List.of(), encoder, reopened).authenticate("nurse", "pw-1"))
				.hasValueSatisfying(a -> assertThat(a.fhirUser()).isEqualTo("Practitioner/9"));
		String stored = new JdbcTemplate(db).queryForObject("SELECT registration FROM msfhir_smart_client", String.class);
		assertThat(stored).doesNotContain("looks-encoded-but-is-plain").contains("{bcrypt}");
		String storedUser = new JdbcTemplate(db).queryForObject("SELECT registration FROM msfhir_smart_user", String.class);
		assertThat(storedUser).doesNotContain("pw-1");

		after.remove("stored-app");
		assertThat(new ClientRegistry(List.of(), encoder, new RegistrationStore(db)).find("stored-app")).isEmpty();
	}
}

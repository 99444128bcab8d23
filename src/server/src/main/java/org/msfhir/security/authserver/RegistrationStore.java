package org.msfhir.security.authserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import javax.sql.DataSource;
import org.msfhir.security.SecurityProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the clients and users registered through the admin API in the server's database (two small
 * tables of its own next to HAPI's), so that they survive restarts and are shared by all instances.
 * Secrets and passwords are stored only in hashed (password-encoder) form.
 */
public class RegistrationStore {

	private static final String CLIENTS = "msfhir_smart_client";
	private static final String USERS = "msfhir_smart_user";

	private final JdbcTemplate jdbc;
	private final ObjectMapper json = new ObjectMapper();

	public RegistrationStore(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		for (String table : List.of(CLIENTS, USERS)) {
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + table
					+ " (id VARCHAR(200) PRIMARY KEY, registration VARCHAR(100000) NOT NULL)");
		}
	}

	/** Stores a client; its secret must already be in encoded form. */
	public void saveClient(SecurityProperties.Client client) {
		save(CLIENTS, client.clientId(), client);
	}

	public void deleteClient(String clientId) {
		jdbc.update("DELETE FROM " + CLIENTS + " WHERE id = ?", clientId);
	}

	public List<SecurityProperties.Client> clients() {
		return load(CLIENTS, SecurityProperties.Client.class);
	}

	/** Stores a user; the password must already be in encoded form. */
	public void saveUser(SecurityProperties.User user) {
		save(USERS, user.username(), user);
	}

	public void deleteUser(String username) {
		jdbc.update("DELETE FROM " + USERS + " WHERE id = ?", username);
	}

	public List<SecurityProperties.User> users() {
		return load(USERS, SecurityProperties.User.class);
	}

	private void save(String table, String id, Object value) {
		String text = write(value);
		if (jdbc.update("UPDATE " + table + " SET registration = ? WHERE id = ?", text, id) == 0) {
			jdbc.update("INSERT INTO " + table + " (id, registration) VALUES (?, ?)", id, text);
		}
	}

	private <T> List<T> load(String table, Class<T> type) {
		return jdbc.query("SELECT registration FROM " + table + " ORDER BY id", (rs, row) -> read(rs.getString(1), type));
	}

	private String write(Object value) {
		try {
			return json.writeValueAsString(value);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("Cannot store registration", e);
		}
	}

	private <T> T read(String text, Class<T> type) {
		try {
			return json.readValue(text, type);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("A stored registration cannot be read", e);
		}
	}
}

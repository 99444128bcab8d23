package org.msfhir.security.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The authorization server's short-lived state in the server's database (table {@value
 * AuthStateSchema#TABLE}): authorization codes, pending logins, launch contexts, refresh tokens, seen
 * client-assertion ids, revocations and sign-in failure counters. Being in the database, it survives
 * restarts and is shared by every server instance on the same database.
 *
 * <p>Rows are addressed by a kind and a key. Only the SHA-256 of a key is stored, so a copy of the
 * table yields no usable code or refresh token. Values are JSON. Expired rows are invisible at once and
 * deleted once a minute.
 */
public class AuthStateStore implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(AuthStateStore.class);
	private static final String T = AuthStateSchema.TABLE;

	/** A stored row. */
	public record Row<V>(V value, String family, boolean used, Instant expiresAt) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final ObjectMapper json = JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
	private final ScheduledExecutorService cleaner;

	public AuthStateStore(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		AuthStateSchema.migrate(jdbc);
		this.cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "auth-state-cleanup");
			thread.setDaemon(true);
			return thread;
		});
		cleaner.scheduleWithFixedDelay(this::purgeQuietly, 1, 1, TimeUnit.MINUTES);
	}

	public Clock clock() {
		return clock;
	}

	/** Stores (or replaces) a value. */
	public void put(String kind, String key, String family, Object value, Instant expiresAt) {
		String id = hash(key);
		String text = write(value);
		if (jdbc.update("UPDATE " + T + " SET family = ?, used = 0, val = ?, expires_at = ? WHERE kind = ? AND id = ?",
				family, text, expiresAt.toEpochMilli(), kind, id) == 0) {
			insert(kind, id, family, text, expiresAt);
		}
	}

	/** Stores a value unless an unexpired one is there; true if stored. Atomic across instances. */
	public boolean putIfAbsent(String kind, String key, String family, Object value, Instant expiresAt) {
		String id = hash(key);
		jdbc.update("DELETE FROM " + T + " WHERE kind = ? AND id = ? AND expires_at < ?", kind, id, now());
		try {
			insert(kind, id, family, write(value), expiresAt);
			return true;
		} catch (DuplicateKeyException taken) {
			return false;
		}
	}

	public <V> Optional<Row<V>> row(String kind, String key, Class<V> type) {
		if (key == null) {
			return Optional.empty();
		}
		List<Row<V>> rows = jdbc.query(
				"SELECT val, family, used, expires_at FROM " + T + " WHERE kind = ? AND id = ? AND expires_at >= ?",
				(rs, n) -> new Row<>(read(rs.getString(1), type), rs.getString(2), rs.getInt(3) != 0,
						Instant.ofEpochMilli(rs.getLong(4))),
				kind, hash(key), now());
		return rows.stream().findFirst();
	}

	public <V> Optional<V> get(String kind, String key, Class<V> type) {
		return row(kind, key, type).map(Row::value);
	}

	/** Removes and returns a value; of two concurrent callers only one gets it. */
	public <V> Optional<V> take(String kind, String key, Class<V> type) {
		Optional<Row<V>> row = row(kind, key, type);
		if (row.isEmpty()) {
			return Optional.empty();
		}
		int deleted = jdbc.update("DELETE FROM " + T + " WHERE kind = ? AND id = ?", kind, hash(key));
		return deleted == 1 ? row.map(Row::value) : Optional.empty();
	}

	/** Marks a row as used; true only for the one caller that changed it from unused. */
	public boolean markUsed(String kind, String key) {
		return jdbc.update("UPDATE " + T + " SET used = 1 WHERE kind = ? AND id = ? AND used = 0 AND expires_at >= ?",
				kind, hash(key), now()) == 1;
	}

	public void remove(String kind, String key) {
		if (key != null) {
			jdbc.update("DELETE FROM " + T + " WHERE kind = ? AND id = ?", kind, hash(key));
		}
	}

	/** Removes all rows of a kind that share a family (e.g. all refresh tokens of one grant). */
	public int removeFamily(String kind, String family) {
		return jdbc.update("DELETE FROM " + T + " WHERE kind = ? AND family = ?", kind, family);
	}

	/** Unexpired rows of a kind in a family (e.g. pending logins from one address). */
	public int countFamily(String kind, String family) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + T + " WHERE kind = ? AND family = ? AND expires_at >= ?",
				Integer.class, kind, family, now());
		return count == null ? 0 : count;
	}

	/** Which of the given keys of a kind are present (unexpired): one query for several lookups. */
	public List<String> presentKinds(List<String> kinds, List<String> keys) {
		StringBuilder sql = new StringBuilder("SELECT kind FROM " + T + " WHERE expires_at >= ? AND (");
		Object[] args = new Object[1 + 2 * kinds.size()];
		args[0] = now();
		for (int i = 0; i < kinds.size(); i++) {
			sql.append(i == 0 ? "" : " OR ").append("(kind = ? AND id = ?)");
			args[1 + 2 * i] = kinds.get(i);
			args[2 + 2 * i] = hash(keys.get(i));
		}
		return jdbc.queryForList(sql.append(')').toString(), String.class, args);
	}

	/** Deletes expired rows; returns how many. */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM " + T + " WHERE expires_at < ?", now());
	}

	private void purgeQuietly() {
		try {
			int purged = purgeExpired();
			if (purged > 0) {
				LOG.debug("Purged {} expired authorization state rows", purged);
			}
		} catch (RuntimeException e) { // database briefly unreachable: try again next minute
			LOG.warn("Could not purge expired authorization state: {}", e.getMessage());
		}
	}

	@Override
	public void close() {
		cleaner.shutdownNow();
	}

	private void insert(String kind, String id, String family, String text, Instant expiresAt) {
		jdbc.update("INSERT INTO " + T + " (kind, id, family, used, val, expires_at) VALUES (?, ?, ?, 0, ?, ?)",
				kind, id, family, text, expiresAt.toEpochMilli());
	}

	private long now() {
		return clock.millis();
	}

	private String write(Object value) {
		try {
			return json.writeValueAsString(value);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("Cannot store authorization state", e);
		}
	}

	private <V> V read(String text, Class<V> type) {
		try {
			return json.readValue(text, type);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("Stored authorization state cannot be read as " + type.getSimpleName(), e);
		}
	}

	/** SHA-256 of a key, base64url: what the table stores instead of the key. */
	static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

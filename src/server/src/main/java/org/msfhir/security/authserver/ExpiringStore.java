package org.msfhir.security.authserver;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.msfhir.security.state.AuthStateStore;

/**
 * One kind of authorization state whose entries vanish after a lifetime (pending logins, codes, launch
 * contexts, seen assertion ids), kept in the database through {@link AuthStateStore}. Keys made here
 * are 256-bit random strings.
 *
 * @param <V> the stored value (a record that Jackson can write and read)
 */
final class ExpiringStore<V> {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AuthStateStore db;
	private final String kind;
	private final Class<V> type;

	ExpiringStore(AuthStateStore db, String kind, Class<V> type) {
		this.db = db;
		this.kind = kind;
		this.type = type;
	}

	/** A new unguessable key (URL-safe). */
	static String newKey() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Stores a value under a new random key and returns the key. */
	String add(V value, Duration lifetime) {
		return add(value, lifetime, null);
	}

	/** Like {@link #add(Object, Duration)}, in a family that {@link #count(String)} counts. */
	String add(V value, Duration lifetime, String family) {
		String key = newKey();
		db.put(kind, key, family, value, db.clock().instant().plus(lifetime));
		return key;
	}

	/** Stores a value under the given key; false if the key is already present and unexpired. */
	boolean putIfAbsent(String key, V value, Instant expiresAt) {
		return db.putIfAbsent(kind, key, null, value, expiresAt);
	}

	/** Replaces the value under a key, keeping its family. */
	void replace(String key, V value, Instant expiresAt) {
		String family = db.row(kind, key, type).map(AuthStateStore.Row::family).orElse(null);
		db.put(kind, key, family, value, expiresAt);
	}

	Optional<V> get(String key) {
		return db.get(kind, key, type);
	}

	/** Removes and returns the value: for one-time keys such as authorization codes. */
	Optional<V> take(String key) {
		return key == null ? Optional.empty() : db.take(kind, key, type);
	}

	void remove(String key) {
		db.remove(kind, key);
	}

	Optional<Instant> expiry(String key) {
		return db.row(kind, key, type).map(AuthStateStore.Row::expiresAt);
	}

	/** Unexpired entries of a family. */
	int count(String family) {
		return db.countFamily(kind, family);
	}
}

package org.msfhir.security.authserver;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory map whose entries vanish after a lifetime: pending logins, authorization codes,
 * launch contexts, refresh tokens, seen assertion ids. Keys made here are 256-bit random strings.
 *
 * @param <V> the stored value
 */
final class ExpiringStore<V> {

	private static final SecureRandom RANDOM = new SecureRandom();

	private record Entry<V>(V value, Instant expiresAt) {}

	private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
	private final Clock clock;
	private final int maxEntries;

	ExpiringStore(Clock clock, int maxEntries) {
		this.clock = clock;
		this.maxEntries = maxEntries;
	}

	/** A new unguessable key (URL-safe). */
	static String newKey() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Stores a value under a new random key and returns the key. */
	String add(V value, Duration lifetime) {
		String key = newKey();
		put(key, value, clock.instant().plus(lifetime));
		return key;
	}

	/** Stores a value under the given key; false if the key is already present and unexpired. */
	boolean putIfAbsent(String key, V value, Instant expiresAt) {
		purgeIfLarge();
		Instant now = clock.instant();
		Entry<V> fresh = new Entry<>(value, expiresAt);
		Entry<V> previous = entries.compute(key, (k, old) -> old == null || old.expiresAt().isBefore(now) ? fresh : old);
		return previous == fresh;
	}

	void put(String key, V value, Instant expiresAt) {
		purgeIfLarge();
		entries.put(key, new Entry<>(value, expiresAt));
	}

	Optional<V> get(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Entry<V> entry = entries.get(key);
		if (entry == null || entry.expiresAt().isBefore(clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(entry.value());
	}

	/** Removes and returns the value: for one-time keys such as authorization codes. */
	Optional<V> take(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Entry<V> entry = entries.remove(key);
		if (entry == null || entry.expiresAt().isBefore(clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(entry.value());
	}

	void remove(String key) {
		if (key != null) {
			entries.remove(key);
		}
	}

	Optional<Instant> expiry(String key) {
		Entry<V> entry = key == null ? null : entries.get(key);
		return entry == null ? Optional.empty() : Optional.of(entry.expiresAt());
	}

	private void purgeIfLarge() {
		if (entries.size() < maxEntries / 2) {
			return;
		}
		Instant now = clock.instant();
		entries.values().removeIf(entry -> entry.expiresAt().isBefore(now));
		if (entries.size() >= maxEntries) {
			throw new OAuthException(503, "temporarily_unavailable", "Too many pending authorizations; try again later");
		}
	}
}

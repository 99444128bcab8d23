package org.msfhir.security.authserver;

import java.time.Duration;
import java.util.Optional;
import org.msfhir.security.state.AuthStateStore;

/**
 * EHR launch contexts: an EHR (through the admin API) registers the patient and optional encounter
 * it is showing, receives an opaque {@code launch} value and opens the app with it. The value is
 * valid for ten minutes and may be used more than once in that time (apps retry).
 */
public class LaunchContexts {

	public static final Duration LIFETIME = Duration.ofMinutes(10);

	/** A launch context. */
	public record LaunchContext(String patient, String encounter, String createdBy) {}

	private final ExpiringStore<LaunchContext> store;

	public LaunchContexts(AuthStateStore db) {
		this.store = new ExpiringStore<>(db, "launch", LaunchContext.class);
	}

	public String create(LaunchContext context) {
		return store.add(context, LIFETIME);
	}

	public Optional<LaunchContext> find(String launch) {
		return store.get(launch);
	}
}

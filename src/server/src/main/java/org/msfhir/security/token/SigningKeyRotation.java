package org.msfhir.security.token;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the signing key on a schedule (setting {@code msfhir.security.signing-key-rotation}): every
 * hour it asks {@link SigningKeys#rotateIfOlderThan} whether the newest key is old enough to replace.
 * The new key is published at once and signs after the publish-ahead time, as with a manual rotation.
 * A maximum age of 0 schedules nothing.
 */
public final class SigningKeyRotation implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRotation.class);
	private static final Duration CHECK_EVERY = Duration.ofHours(1);

	private final ScheduledExecutorService scheduler;

	public SigningKeyRotation(SigningKeys keys, Duration maxAge, Duration tokenLifetime) {
		if (maxAge.isZero()) {
			scheduler = null;
			return;
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "signing-key-rotation");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(() -> {
			try {
				String added = keys.rotateIfOlderThan(maxAge, tokenLifetime);
				if (added != null) {
					LOG.info("Scheduled signing-key rotation: key {} added (keys older than {} are replaced)", added, maxAge);
				}
			} catch (RuntimeException e) {
				LOG.error("Scheduled signing-key rotation failed; the current key keeps signing", e);
			}
		}, 0, CHECK_EVERY.toMinutes(), TimeUnit.MINUTES);
	}

	@Override
	public void close() {
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}
}

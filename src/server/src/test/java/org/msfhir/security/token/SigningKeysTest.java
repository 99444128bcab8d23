package org.msfhir.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

	private static final Duration AHEAD = Duration.ofMinutes(15);
	private static final Duration TOKENS = Duration.ofHours(1);

	@TempDir
	Path temp;

	private final MutableClock clock = new MutableClock();

	@Test
	void aRotatedKeyIsPublishedBeforeItSignsAndTheOldOneStaysUntilItsTokensExpire() {
		Path file = temp.resolve("keys.json");
		SigningKeys keys = SigningKeys.loadOrCreate(file, AHEAD, clock);
		String first = keys.activeKey().getKeyID();

		String second = keys.rotate(TOKENS);
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder(first, second);
		assertThat(keys.activeKey().getKeyID()).as("published, not yet signing").isEqualTo(first);

		clock.advance(AHEAD);
		assertThat(keys.activeKey().getKeyID()).isEqualTo(second);
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).as("old tokens still verify").contains(first);

		clock.advance(TOKENS.minusMinutes(1));
		String third = keys.rotate(TOKENS);
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID)
				.as("the first key's last tokens are still valid").containsExactlyInAnyOrder(first, second, third);

		clock.advance(Duration.ofMinutes(2));
		keys.rotate(TOKENS);
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).doesNotContain(first).contains(second, third);
		assertThat(keys.activeKey().getKeyID()).isEqualTo(second);
	}

	@Test
	void scheduledRotationAddsAKeyOnlyWhenTheNewestOneIsOldEnoughOnAnyInstance() {
		Path file = temp.resolve("scheduled.json");
		SigningKeys a = SigningKeys.loadOrCreate(file, AHEAD, clock);
		SigningKeys b = SigningKeys.loadOrCreate(file, AHEAD, clock);
		Duration maxAge = Duration.ofDays(90);
		assertThat(a.rotateIfOlderThan(maxAge, TOKENS)).as("a young key stays").isNull();

		clock.advance(Duration.ofDays(91));
		String added = a.rotateIfOlderThan(maxAge, TOKENS);
		assertThat(added).isNotNull();
		assertThat(a.publicKeys().getKeys()).hasSize(2);
		// The other instance on the same file sees the new key and does not rotate again.
		assertThat(b.rotateIfOlderThan(maxAge, TOKENS)).isNull();
		assertThat(b.publicKeys().getKeys()).extracting(JWK::getKeyID).contains(added);
	}

	@Test
	void anotherInstanceSeesARotationInTheSharedFile() {
		Path file = temp.resolve("shared.json");
		SigningKeys a = SigningKeys.loadOrCreate(file, AHEAD, clock);
		SigningKeys b = SigningKeys.loadOrCreate(file, AHEAD, clock);
		String added = a.rotate(TOKENS);
		assertThat(b.publicKeys().getKeys()).extracting(JWK::getKeyID).contains(added);
		assertThat(b.privateKeys().getKeyByKeyId(added).isPrivate()).isTrue();
	}

	@Test
	void theKeyFileIsTheOwnersOnly() throws Exception {
		Path file = temp.resolve("private/keys.json");
		SigningKeys.loadOrCreate(file, AHEAD, clock);
		if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
					.isEqualTo("rw-------");
		}
	}

	/** A clock the test moves forward. */
	private static final class MutableClock extends Clock {
		private Instant now = Instant.parse("2026-03-01T08:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}

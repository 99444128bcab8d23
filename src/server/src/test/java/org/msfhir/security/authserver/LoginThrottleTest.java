package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msfhir.security.state.AuthStateStore;

class LoginThrottleTest {

	private final MutableClock clock = new MutableClock();
	private final AuthStateStore db = new AuthStateStore(h2(), clock);
	private final LoginThrottle throttle = new LoginThrottle(db, "login");

	@AfterEach
	void close() {
		db.close();
	}

	@Test
	void failuresPastTheFreeOnesMakeTheAccountWaitLongerEachTime() {
		for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT; i++) {
			assertThat(throttle.waitTime("doc", "198.51.100.7")).isEmpty();
			throttle.failed("doc", "198.51.100.7");
		}
		assertThat(throttle.waitTime("doc", "198.51.100.7")).isEmpty();
		throttle.failed("doc", "198.51.100.7");
		assertThat(throttle.waitTime("doc", "198.51.100.7")).hasValue(Duration.ofSeconds(5));
		throttle.failed("doc", "198.51.100.7");
		assertThat(throttle.waitTime("doc", "198.51.100.7")).hasValue(Duration.ofSeconds(10));
		clock.advance(Duration.ofSeconds(11));
		assertThat(throttle.waitTime("doc", "198.51.100.7")).as("every delay ends by itself").isEmpty();
	}

	@Test
	void anAttackerElsewhereCannotLockTheUserOut() {
		for (int i = 0; i < 40; i++) {
			throttle.failed("doc", "203.0.113.9");
		}
		assertThat(throttle.waitTime("doc", "203.0.113.9")).isPresent();
		assertThat(throttle.waitTime("doc", "198.51.100.7")).as("the user's own address").isEmpty();
		assertThat(throttle.waitTime("doc", "203.0.113.9").get()).isLessThanOrEqualTo(LoginThrottle.MAX_DELAY);
	}

	@Test
	void sprayingManyAccountsFromOneAddressIsSlowedDown() {
		for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS; i++) {
			throttle.failed("user" + i, "203.0.113.9");
		}
		assertThat(throttle.waitTime("user-new", "203.0.113.9")).isEmpty();
		throttle.failed("user-next", "203.0.113.9");
		assertThat(throttle.waitTime("user-new", "203.0.113.9")).as("a name never tried before").isPresent();
	}

	@Test
	void loopbackCallersHaveNoSharedAddressCount() {
		for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS + 5; i++) {
			throttle.failed("user" + i, "127.0.0.1");
		}
		assertThat(throttle.waitTime("someone-else", "127.0.0.1")).isEmpty();
	}

	@Test
	void aSuccessfulSignInClearsTheAccountsCount() {
		for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT; i++) {
			throttle.failed("doc", "198.51.100.7");
		}
		throttle.succeeded("doc", "198.51.100.7");
		throttle.failed("doc", "198.51.100.7");
		assertThat(throttle.waitTime("doc", "198.51.100.7")).isEmpty();
	}

	private static JdbcDataSource h2() {
		JdbcDataSource source = new JdbcDataSource();
		source.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		return source;
	}

	/** A clock the test moves forward. */
	private static final class MutableClock extends Clock {
		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}

package org.msfhir.security.authserver;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.msfhir.security.state.AuthStateStore;

/**
 * Slows down guessing of passwords and client secrets with a growing delay instead of a lockout.
 * Failures are counted twice: per account and source address ({@value #FREE_PER_ACCOUNT} free
 * failures), and per source address over all accounts ({@value #FREE_PER_ADDRESS} free failures,
 * against password spraying). Past the free failures, each further failure makes that key wait
 * 5, 10, 20, ... seconds, at most {@link #MAX_DELAY}. An attacker elsewhere therefore cannot lock a
 * user out: the user's own address keeps its own count, and every delay ends by itself. Counts are
 * forgotten {@link #MEMORY} after the last failure; a successful sign-in clears the account's count
 * for that address. Kept in the database, so all instances share the counts.
 *
 * <p>Loopback addresses have no per-address count: behind a reverse proxy on the same host every
 * caller would otherwise share one count (configure {@code server.forward-headers-strategy} so that
 * the callers' own addresses are seen).
 */
public class LoginThrottle {

	static final int FREE_PER_ACCOUNT = 5;
	static final int FREE_PER_ADDRESS = 20;
	static final Duration MAX_DELAY = Duration.ofMinutes(15);
	static final Duration MEMORY = Duration.ofHours(1);

	/** The failures of one key. */
	record Failures(int count, long blockedUntilMillis) {}

	private final ExpiringStore<Failures> perAccount;
	private final ExpiringStore<Failures> perAddress;
	private final AuthStateStore db;

	/** @param prefix separates the counts of different doors (user sign-in, client authentication) */
	public LoginThrottle(AuthStateStore db, String prefix) {
		this.db = db;
		this.perAccount = new ExpiringStore<>(db, prefix + "-fail-acct", Failures.class);
		this.perAddress = new ExpiringStore<>(db, prefix + "-fail-addr", Failures.class);
	}

	/** How long the caller must wait before trying again, if at all. */
	public Optional<Duration> waitTime(String account, String address) {
		long now = db.clock().millis();
		long until = Math.max(
				perAccount.get(accountKey(account, address)).map(Failures::blockedUntilMillis).orElse(0L),
				perAddress.get(address).map(Failures::blockedUntilMillis).orElse(0L));
		return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
	}

	public void failed(String account, String address) {
		count(perAccount, accountKey(account, address), FREE_PER_ACCOUNT);
		if (!isLoopback(address)) {
			count(perAddress, address, FREE_PER_ADDRESS);
		}
	}

	public void succeeded(String account, String address) {
		perAccount.remove(accountKey(account, address));
	}

	private void count(ExpiringStore<Failures> store, String key, int free) {
		Instant now = db.clock().instant();
		int count = store.get(key).map(Failures::count).orElse(0) + 1;
		long blockedUntil = count <= free ? 0 : now.plus(delay(count - free)).toEpochMilli();
		store.replace(key, new Failures(count, blockedUntil), now.plus(MEMORY));
	}

	static final Duration FIRST_DELAY = Duration.ofSeconds(5);

	static Duration delay(int excess) {
		if (excess >= 20) {
			return MAX_DELAY;
		}
		Duration delay = FIRST_DELAY.multipliedBy(1L << (excess - 1));
		return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
	}

	static boolean isLoopback(String address) {
		return address != null
				&& (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1"));
	}

	private static String accountKey(String account, String address) {
		return (account == null ? "" : account) + "\n" + address;
	}
}

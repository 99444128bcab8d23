package org.msfhir.security.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * Audits requests refused for want of a valid token without letting anyone grow the audit trail at
 * will: per source address and time window ({@code msfhir.security.audit.unauthenticated-window}),
 * the first refusal is recorded as usual and the rest are counted, then recorded as one summary
 * AuditEvent ("N further refusals from this address") when the window closes. At most {@value
 * #MAX_ADDRESSES} addresses are tracked at once; beyond that, refusals share one "other addresses" count.
 */
public class UnauthenticatedRefusals implements DisposableBean {

	static final int MAX_ADDRESSES = 10_000;
	static final String OTHER_ADDRESSES = "(other addresses)";

	private record Window(Instant start, AtomicInteger further) {}

	private final AuditTrail trail;
	private final Duration window;
	private final Map<String, Window> windows = new ConcurrentHashMap<>();
	private final ScheduledExecutorService flusher;

	public UnauthenticatedRefusals(AuditTrail trail, Duration window) {
		this.trail = trail;
		this.window = window;
		this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "audit-refusal-summary");
			thread.setDaemon(true);
			return thread;
		});
		flusher.scheduleWithFixedDelay(() -> flush(Instant.now()), 1, 1, TimeUnit.SECONDS);
	}

	/** Records a refused unauthenticated request, or counts it if its address was recorded recently. */
	public void refused(AccessDecision decision) {
		String address = decision.remoteAddress() == null ? "(unknown)" : decision.remoteAddress();
		if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
			address = OTHER_ADDRESSES;
		}
		boolean[] opened = {false};
		Window current = windows.computeIfAbsent(address, a -> {
			opened[0] = true;
			return new Window(decision.time(), new AtomicInteger());
		});
		if (opened[0]) {
			trail.record(decision);
		} else {
			current.further().incrementAndGet();
		}
	}

	/** Closes the windows older than the window length, recording a summary for each with a count. */
	void flush(Instant now) {
		windows.forEach((address, open) -> {
			if (!open.start().plus(window).isAfter(now) && windows.remove(address, open)) {
				int further = open.further().get();
				if (further > 0) {
					trail.record(summary(address, open.start(), now, further));
				}
			}
		});
	}

	private static AccessDecision summary(String address, Instant from, Instant to, int count) {
		return new AccessDecision(to, false, null, null, null, "authenticate", null, null, null, null,
				count + " further requests without a valid token refused from " + address + " between " + from + " and " + to
						+ " (counted, not recorded one by one)",
				null, OTHER_ADDRESSES.equals(address) ? null : address);
	}

	@Override
	public void destroy() {
		flusher.shutdownNow();
		flush(Instant.MAX.minusSeconds(1));
	}
}

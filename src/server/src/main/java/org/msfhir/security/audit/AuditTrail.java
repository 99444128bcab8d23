package org.msfhir.security.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Records access decisions: a log line at once (logger {@code org.msfhir.audit}) and a FHIR
 * AuditEvent stored by a background writer in batches, so a request pays only for putting the
 * decision on a queue. The writer stores through the DAO layer with a system request, which passes
 * none of the REST interceptors: writing AuditEvents is itself neither enforced nor audited.
 */
public class AuditTrail implements DisposableBean {

	private static final Logger AUDIT_LOG = LoggerFactory.getLogger("org.msfhir.audit");
	private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

	private final AuditProperties properties;
	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final BlockingQueue<AccessDecision> queue;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong stored = new AtomicLong();
	private volatile boolean running = true;
	private final Thread writer;

	public AuditTrail(AuditProperties properties, IFhirSystemDao<Bundle, ?> systemDao) {
		this.properties = properties;
		this.systemDao = systemDao;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.writer = new Thread(this::writeLoop, "audit-writer");
		this.writer.setDaemon(true);
		if (properties.enabled() && properties.store()) {
			writer.start();
		}
	}

	/** Records one decision: logs it and queues its AuditEvent. Never blocks, never throws. */
	public void record(AccessDecision decision) {
		if (!properties.enabled()) {
			return;
		}
		if (decision.allowed()) {
			AUDIT_LOG.info("ALLOWED {} {} client={} user={} patient={} status={} request={}",
					decision.interaction(), decision.loggableTarget(), decision.clientId(), decision.user(),
					decision.patientContext(), decision.detail(), decision.requestId());
		} else {
			AUDIT_LOG.warn("REFUSED {} {} client={} user={} patient={} reason=\"{}\" request={}",
					decision.interaction(), decision.loggableTarget(), decision.clientId(), decision.user(),
					decision.patientContext(), decision.detail(), decision.requestId());
		}
		if (properties.store() && !queue.offer(decision)) {
			long count = dropped.incrementAndGet();
			if (count == 1 || count % 1000 == 0) {
				LOG.warn("Audit queue full: {} AuditEvents not stored so far (the log lines were written)", count);
			}
		}
	}

	/** AuditEvents stored since start (for tests and metrics). */
	public long storedCount() {
		return stored.get();
	}

	/** Decisions waiting to be stored. */
	public int pending() {
		return queue.size();
	}

	private void writeLoop() {
		List<AccessDecision> batch = new ArrayList<>(properties.batchSize());
		while (running || !queue.isEmpty()) {
			try {
				AccessDecision first = queue.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, properties.batchSize() - 1);
				store(batch);
			} catch (InterruptedException e) {
				if (!running) {
					break;
				}
			} catch (RuntimeException e) {
				LOG.warn("Could not store {} AuditEvents: {}", batch.size(), e.toString());
			} finally {
				batch.clear();
			}
		}
	}

	private void store(List<AccessDecision> decisions) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (AccessDecision decision : decisions) {
			AuditEvent event = AuditEventFactory.toAuditEvent(decision);
			bundle.addEntry().setResource(event).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("AuditEvent");
		}
		systemDao.transaction(new SystemRequestDetails(), bundle);
		stored.addAndGet(decisions.size());
	}

	@Override
	public void destroy() throws InterruptedException {
		// Let the writer store what is queued (it stops once the queue is empty).
		running = false;
		writer.join(properties.flushInterval().toMillis() + 10_000);
	}
}

package org.msfhir.bulkexport;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Starts, runs and cancels export jobs on a small pool of worker threads (the pace is set by the
 * work, not by a scheduler), and deletes expired jobs regularly.
 */
public class ExportJobService implements DisposableBean {

	/** Thrown when too many exports are waiting or running. */
	public static class TooManyJobsException extends RuntimeException {
		TooManyJobsException(String message) {
			super(message);
		}
	}

	private final ExportJobStore store;
	private final ExportJobRunner runner;
	private final BulkExportProperties properties;
	private final ThreadPoolExecutor workers;
	private final ScheduledExecutorService cleaner;

	public ExportJobService(ExportJobStore store, ExportJobRunner runner, BulkExportProperties properties) {
		this.store = store;
		this.runner = runner;
		this.properties = properties;
		AtomicInteger count = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(properties.workerThreads(), properties.workerThreads(), 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), r -> {
					Thread t = new Thread(r, "bulk-export-" + count.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "bulk-export-cleanup");
			t.setDaemon(true);
			return t;
		});
		long every = Math.max(1000, properties.cleanupInterval().toMillis());
		cleaner.scheduleWithFixedDelay(() -> guarded(() -> store.removeExpired(Instant.now())), every, every, TimeUnit.MILLISECONDS);
		// running jobs refresh their record: progress for other instances, and proof that this instance lives
		long heartbeat = Math.min(15_000, ExportJobStore.STALE.toMillis() / 4);
		cleaner.scheduleWithFixedDelay(() -> guarded(() -> store.all().forEach(store::save)), heartbeat, heartbeat,
				TimeUnit.MILLISECONDS);
	}

	public ExportJobStore store() {
		return store;
	}

	/** Queues a new job; its status URL works at once. */
	public synchronized ExportJob start(ExportRequest request, ExportGrant grant, String serverBase) {
		if (store.activeCount() >= properties.maxQueuedJobs()) {
			throw new TooManyJobsException("Too many bulk exports are queued or running; try again later");
		}
		ExportJob job = store.create(request, grant);
		job.setFuture(workers.submit(() -> {
			if (!job.isCancelled()) {
				runner.run(job, serverBase);
			}
			if (job.isCancelled()) {
				store.remove(job); // the runner has stopped writing: now the folder can go
			} else {
				store.save(job);
			}
		}));
		return job;
	}

	/** Cancels a running job or deletes a finished one; its status URL answers 404 from now on. */
	public void cancel(ExportJob job) {
		boolean running = job.status() == ExportJob.Status.QUEUED || job.status() == ExportJob.Status.RUNNING;
		job.cancel();
		if (running) {
			// The worker notices between batches and deletes the folder; the status URL is gone now.
			store.forget(job);
		} else {
			store.remove(job);
		}
	}

	@Override
	public void destroy() {
		cleaner.shutdownNow();
		for (ExportJob job : store.all()) {
			// a clear status for the client at once, rather than after the heartbeat goes stale
			job.failed(ExportJobStore.STOPPED, Instant.now().plus(properties.expiry()));
			guarded(() -> store.save(job));
			job.cancel();
		}
		workers.shutdownNow();
	}

	private static void guarded(Runnable task) {
		try {
			task.run();
		} catch (RuntimeException e) {
			LoggerFactory.getLogger(ExportJobService.class).warn("Bulk export housekeeping failed: {}", e.getMessage());
		}
	}
}

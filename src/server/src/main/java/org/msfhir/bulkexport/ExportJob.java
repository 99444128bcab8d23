package org.msfhir.bulkexport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One export job: who started it, what it asked for, how far it got and what it wrote. The instance
 * running it holds it in memory; {@link ExportJobStore} keeps a copy in the database (for restarts
 * and other instances); its files live in {@link #directory()}.
 */
public class ExportJob {

	/** Lifecycle of a job. */
	public enum Status {
		QUEUED,
		RUNNING,
		COMPLETED,
		FAILED,
		CANCELLED
	}

	/** One NDJSON file of the manifest. */
	public record OutputFile(String type, String fileName, long count) {}

	private final String id;
	private final String ownerClientId;
	private final ExportRequest request;
	private final ExportGrant grant;
	private final Path directory;
	private final Instant createdAt = Instant.now();
	private final AtomicLong resourcesWritten = new AtomicLong();
	/** Resources the job will write; -1 while still counting. */
	private final AtomicLong resourcesTotal = new AtomicLong(-1);
	private final List<OutputFile> outputs = new CopyOnWriteArrayList<>();
	private final List<OutputFile> errors = new CopyOnWriteArrayList<>();
	private final List<OutputFile> deleted = new CopyOnWriteArrayList<>();
	private volatile Status status = Status.QUEUED;
	private volatile Instant transactionTime;
	private volatile Instant finishedAt;
	private volatile Instant expiresAt;
	private volatile String failure;
	private volatile String currentType;
	private volatile int typesDone;
	private volatile int typesTotal;
	private volatile Instant lastPolled;
	private volatile Future<?> future;

	public ExportJob(String id, ExportRequest request, ExportGrant grant, Path directory) {
		this.id = id;
		this.ownerClientId = grant.clientId();
		this.request = request;
		this.grant = grant;
		this.directory = directory;
	}

	public String id() {
		return id;
	}

	public String ownerClientId() {
		return ownerClientId;
	}

	public ExportRequest request() {
		return request;
	}

	public ExportGrant grant() {
		return grant;
	}

	public Path directory() {
		return directory;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Status status() {
		return status;
	}

	public boolean isCancelled() {
		return status == Status.CANCELLED;
	}

	public long resourcesWritten() {
		return resourcesWritten.get();
	}

	public List<OutputFile> outputs() {
		return List.copyOf(outputs);
	}

	public List<OutputFile> errors() {
		return List.copyOf(errors);
	}

	/** Files of resources deleted since {@code _since} (Bundles with DELETE entries). */
	public List<OutputFile> deleted() {
		return List.copyOf(deleted);
	}

	public Instant transactionTime() {
		return transactionTime;
	}

	public Instant finishedAt() {
		return finishedAt;
	}

	public Instant expiresAt() {
		return expiresAt;
	}

	public String failure() {
		return failure;
	}

	public Future<?> future() {
		return future;
	}

	/**
	 * The {@code X-Progress} text: a percentage first (clients show it as such), then the counts, e.g.
	 * {@code 42% - 10,206 of 24,312 resources}.
	 */
	public String progress() {
		long total = resourcesTotal.get();
		if (status == Status.QUEUED || total < 0) {
			return "0% - " + (status == Status.QUEUED ? "queued" : "counting resources");
		}
		long written = resourcesWritten.get();
		long percent = total == 0 ? 100 : Math.min(99, written * 100 / total);
		return String.format(java.util.Locale.US, "%d%% - %,d of %,d resources", percent, written, total);
	}

	/** Adds resources to the total the job will write. */
	void addToTotal(long count) {
		resourcesTotal.updateAndGet(t -> Math.max(t, 0) + count);
	}

	/** Rebuilds a job from its stored record (a job of another instance, or of before a restart). */
	static ExportJob restore(String id, ExportRequest request, String ownerClientId, Path directory, Status status,
			Instant transactionTime, Instant expiresAt, String failure, long written, long total,
			List<OutputFile> outputs, List<OutputFile> errors, List<OutputFile> deleted) {
		ExportJob job = new ExportJob(id, request, new ExportGrant(ownerClientId, java.util.Map.of(), java.util.Set.of()), directory);
		job.status = status;
		job.transactionTime = transactionTime;
		job.expiresAt = expiresAt;
		job.failure = failure;
		job.resourcesWritten.set(written);
		job.resourcesTotal.set(total);
		job.outputs.addAll(outputs);
		job.errors.addAll(errors);
		job.deleted.addAll(deleted);
		return job;
	}

	long resourcesTotal() {
		return resourcesTotal.get();
	}

	void setFuture(Future<?> future) {
		this.future = future;
	}

	void started(Instant transactionTime) {
		this.transactionTime = transactionTime;
		if (status == Status.QUEUED) {
			status = Status.RUNNING;
		}
	}

	void setTypes(int total) {
		this.typesTotal = total;
	}

	void exporting(String type) {
		this.currentType = type;
	}

	void typeDone() {
		this.typesDone++;
		this.currentType = null;
	}

	void written(long count) {
		resourcesWritten.addAndGet(count);
	}

	void addOutput(OutputFile file) {
		outputs.add(file);
	}

	void addError(OutputFile file) {
		errors.add(file);
	}

	void addDeleted(OutputFile file) {
		deleted.add(file);
	}

	void completed(Instant expiresAt) {
		this.finishedAt = Instant.now();
		this.expiresAt = expiresAt;
		if (status == Status.RUNNING) {
			status = Status.COMPLETED;
		}
	}

	void failed(String message, Instant expiresAt) {
		this.finishedAt = Instant.now();
		this.expiresAt = expiresAt;
		this.failure = message;
		if (status != Status.CANCELLED) {
			status = Status.FAILED;
		}
	}

	void cancel() {
		status = Status.CANCELLED;
	}

	/**
	 * Records a poll and says whether it came sooner than {@code minIntervalMillis} after the last one.
	 */
	synchronized boolean pollTooSoon(Instant now, long minIntervalMillis) {
		Instant last = lastPolled;
		if (last != null && now.toEpochMilli() - last.toEpochMilli() < minIntervalMillis) {
			return true;
		}
		lastPolled = now;
		return false;
	}
}

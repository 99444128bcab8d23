package org.msfhir.bulkexport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.msfhir.common.PrivateFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export jobs of this server and their output folders. Job records are kept in memory: after a
 * restart the old output is deleted (clients start a new export), which keeps the store simple and
 * never serves files whose owner can no longer be checked.
 */
public class ExportJobStore {

	private static final Logger log = LoggerFactory.getLogger(ExportJobStore.class);
	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path root;
	private final Map<String, ExportJob> jobs = new ConcurrentHashMap<>();

	public ExportJobStore(Path root) {
		this.root = root.toAbsolutePath().normalize();
		try {
			PrivateFiles.directory(this.root);
			try (Stream<Path> leftovers = Files.list(this.root)) {
				leftovers.filter(Files::isDirectory).forEach(ExportJobStore::deleteTree);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot use bulk export directory " + this.root, e);
		}
	}

	public Path root() {
		return root;
	}

	/** Creates a job with an unguessable id and an empty output folder. */
	public ExportJob create(ExportRequest request, ExportGrant grant) {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		String id = HexFormat.of().formatHex(bytes);
		Path dir = root.resolve(id);
		try {
			PrivateFiles.directory(dir);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		ExportJob job = new ExportJob(id, request, grant, dir);
		jobs.put(id, job);
		return job;
	}

	public Optional<ExportJob> find(String id) {
		return id == null ? Optional.empty() : Optional.ofNullable(jobs.get(id));
	}

	public Collection<ExportJob> all() {
		return jobs.values();
	}

	/** Jobs that are queued or running. */
	public long activeCount() {
		return jobs.values().stream()
				.filter(j -> j.status() == ExportJob.Status.QUEUED || j.status() == ExportJob.Status.RUNNING)
				.count();
	}

	/** Forgets the job at once (its status URL answers 404 from now on) and deletes its files. */
	public void remove(ExportJob job) {
		jobs.remove(job.id());
		deleteTree(job.directory());
	}

	/** Forgets the job (404 from now on) but leaves its folder to the worker still writing there. */
	public void forget(ExportJob job) {
		jobs.remove(job.id());
	}

	/** Deletes jobs whose expiry time has passed; returns how many. */
	public int removeExpired(Instant now) {
		int removed = 0;
		for (ExportJob job : jobs.values()) {
			if (job.expiresAt() != null && job.expiresAt().isBefore(now)) {
				remove(job);
				removed++;
			}
		}
		if (removed > 0) {
			log.info("Deleted {} expired bulk export job(s)", removed);
		}
		return removed;
	}

	static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				} catch (IOException e) {
					log.warn("Could not delete {}: {}", p, e.getMessage());
				}
			});
		} catch (IOException e) {
			log.warn("Could not delete {}: {}", dir, e.getMessage());
		}
	}
}

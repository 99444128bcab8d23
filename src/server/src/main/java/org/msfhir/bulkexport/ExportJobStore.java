package org.msfhir.bulkexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.msfhir.common.PrivateFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export jobs and their output folders. Every job has a row in {@link ExportJobTable} (owner,
 * request, status, progress, manifest); the instance running a job also holds it in memory and
 * refreshes the row (its heartbeat) while it runs. So a restart keeps finished jobs until they expire,
 * any instance on the same database (and the same directory) answers status and serves files, and a
 * job whose instance stopped is marked failed once its heartbeat is older than {@link #STALE}.
 */
public class ExportJobStore {

	private static final Logger log = LoggerFactory.getLogger(ExportJobStore.class);
	private static final SecureRandom RANDOM = new SecureRandom();
	/** A queued or running job not refreshed for this long belongs to an instance that stopped. */
	static final Duration STALE = Duration.ofMinutes(1);
	static final String STOPPED = "The server stopped while this export ran; start a new export";

	private final Path root;
	private final DataSource dataSource;
	private final Duration expiry;
	private final ObjectMapper json = new ObjectMapper();
	private final Map<String, ExportJob> local = new ConcurrentHashMap<>();

	public ExportJobStore(Path root, DataSource dataSource, Duration expiry) {
		this.root = root.toAbsolutePath().normalize();
		this.dataSource = dataSource;
		this.expiry = expiry;
		ExportJobTable.create(dataSource);
		try {
			PrivateFiles.directory(this.root);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot use bulk export directory " + this.root, e);
		}
		int failed = failStale(Instant.now());
		if (failed > 0) {
			log.warn("{} bulk export job(s) were cut off by a server stop and are marked failed", failed);
		}
		deleteUnknownFolders();
	}

	public Path root() {
		return root;
	}

	/** Creates a job with an unguessable id and an empty output folder, and records it. */
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
		local.put(id, job);
		insert(job);
		return job;
	}

	/** The job: this instance's own, else the stored record (another instance's, or one from before a restart). */
	public Optional<ExportJob> find(String id) {
		if (id == null || !id.matches("[0-9a-f]{32}")) {
			return Optional.empty();
		}
		ExportJob own = local.get(id);
		return own != null ? Optional.of(own) : load(id);
	}

	/** This instance's jobs. */
	public Collection<ExportJob> all() {
		return local.values();
	}

	/** Jobs that are queued or running, on any instance. */
	public long activeCount() {
		return query("SELECT COUNT(*) FROM " + ExportJobTable.NAME + " WHERE status IN ('QUEUED', 'RUNNING')", rs -> {
			rs.next();
			return rs.getLong(1);
		});
	}

	/** Writes the job's current state to its record (and refreshes its heartbeat). */
	public void save(ExportJob job) {
		update("UPDATE " + ExportJobTable.NAME + " SET status = ?, transaction_millis = ?, expires_millis = ?,"
				+ " heartbeat_millis = ?, written = ?, total = ?, failure = ?, files = ? WHERE id = ?", ps -> {
			ps.setString(1, job.status().name());
			setMillis(ps, 2, job.transactionTime());
			setMillis(ps, 3, job.expiresAt());
			ps.setLong(4, System.currentTimeMillis());
			ps.setLong(5, job.resourcesWritten());
			ps.setLong(6, job.resourcesTotal());
			ps.setString(7, truncate(job.failure(), 4000));
			ps.setString(8, files(job));
			ps.setString(9, job.id());
		});
		if (job.status() != ExportJob.Status.QUEUED && job.status() != ExportJob.Status.RUNNING) {
			local.remove(job.id()); // finished: the record answers from now on
		}
	}

	/** Forgets the job at once (its status URL answers 404 from now on) and deletes its files. */
	public void remove(ExportJob job) {
		forget(job);
		deleteTree(job.directory());
	}

	/** Forgets the job (404 from now on) but leaves its folder to the worker still writing there. */
	public void forget(ExportJob job) {
		local.remove(job.id());
		update("DELETE FROM " + ExportJobTable.NAME + " WHERE id = ?", ps -> ps.setString(1, job.id()));
	}

	/** Deletes jobs whose expiry time has passed and marks jobs of stopped instances failed; returns how many were deleted. */
	public int removeExpired(Instant now) {
		failStale(now);
		List<String> expired = query("SELECT id FROM " + ExportJobTable.NAME + " WHERE expires_millis < ?", ps -> ps.setLong(1, now.toEpochMilli()), rs -> {
			List<String> ids = new ArrayList<>();
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
			return ids;
		});
		for (String id : expired) {
			local.remove(id);
			update("DELETE FROM " + ExportJobTable.NAME + " WHERE id = ?", ps -> ps.setString(1, id));
			deleteTree(root.resolve(id));
		}
		if (!expired.isEmpty()) {
			log.info("Deleted {} expired bulk export job(s)", expired.size());
		}
		return expired.size();
	}

	private int failStale(Instant now) {
		return update("UPDATE " + ExportJobTable.NAME + " SET status = 'FAILED', failure = ?, expires_millis = ?"
				+ " WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_millis < ?", ps -> {
			ps.setString(1, STOPPED);
			ps.setLong(2, now.plus(expiry).toEpochMilli());
			ps.setLong(3, now.minus(STALE).toEpochMilli());
		});
	}

	/** Folders of jobs that have no record (deleted while this instance was down) are removed. */
	private void deleteUnknownFolders() {
		Set<String> known = query("SELECT id FROM " + ExportJobTable.NAME, rs -> {
			Set<String> ids = new HashSet<>();
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
			return ids;
		});
		try (Stream<Path> folders = Files.list(root)) {
			folders.filter(Files::isDirectory)
					.filter(dir -> !known.contains(dir.getFileName().toString()))
					.forEach(ExportJobStore::deleteTree);
		} catch (IOException e) {
			log.warn("Could not list {}: {}", root, e.getMessage());
		}
	}

	private void insert(ExportJob job) {
		ExportRequest request = job.request();
		update("INSERT INTO " + ExportJobTable.NAME + " (id, owner_client, status, export_level, request_url, since_millis,"
				+ " deidentified, created_millis, heartbeat_millis, written, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, -1)", ps -> {
			ps.setString(1, job.id());
			ps.setString(2, job.ownerClientId());
			ps.setString(3, job.status().name());
			ps.setString(4, request.level().name());
			ps.setString(5, truncate(request.requestUrl(), 8000));
			setMillis(ps, 6, request.since() == null ? null : request.since().toInstant());
			ps.setBoolean(7, request.deidentify());
			ps.setLong(8, job.createdAt().toEpochMilli());
			ps.setLong(9, System.currentTimeMillis());
		});
	}

	private Optional<ExportJob> load(String id) {
		return query("SELECT owner_client, status, export_level, request_url, since_millis, deidentified, transaction_millis,"
				+ " expires_millis, written, total, failure, files FROM " + ExportJobTable.NAME + " WHERE id = ?",
				ps -> ps.setString(1, id), rs -> {
			if (!rs.next()) {
				return Optional.empty();
			}
			Long since = millis(rs, 5);
			ExportRequest request = new ExportRequest(ExportRequest.Level.valueOf(rs.getString(3)), null, List.of(),
					since == null ? null : new Date(since), Map.of(), List.of(), Map.of(), rs.getBoolean(6), rs.getString(4));
			JsonNode files = parse(rs.getString(12));
			return Optional.of(ExportJob.restore(id, request, rs.getString(1), root.resolve(id),
					ExportJob.Status.valueOf(rs.getString(2)), instant(millis(rs, 7)), instant(millis(rs, 8)), rs.getString(11),
					rs.getLong(9), rs.getLong(10), outputs(files, "output"), outputs(files, "error"), outputs(files, "deleted")));
		});
	}

	private String files(ExportJob job) {
		ObjectNode node = json.createObjectNode();
		write(node.putArray("output"), job.outputs());
		write(node.putArray("error"), job.errors());
		write(node.putArray("deleted"), job.deleted());
		return node.toString();
	}

	private static void write(ArrayNode array, List<ExportJob.OutputFile> files) {
		for (ExportJob.OutputFile file : files) {
			array.addObject().put("type", file.type()).put("fileName", file.fileName()).put("count", file.count());
		}
	}

	private JsonNode parse(String text) {
		try {
			return text == null ? json.createObjectNode() : json.readTree(text);
		} catch (IOException e) {
			throw new IllegalStateException("unreadable export job record", e);
		}
	}

	private static List<ExportJob.OutputFile> outputs(JsonNode files, String name) {
		List<ExportJob.OutputFile> out = new ArrayList<>();
		for (JsonNode file : files.path(name)) {
			out.add(new ExportJob.OutputFile(file.get("type").asText(), file.get("fileName").asText(), file.get("count").asLong()));
		}
		return out;
	}

	private interface Binder {
		void bind(PreparedStatement ps) throws SQLException;
	}

	private interface Reader<T> {
		T read(ResultSet rs) throws SQLException;
	}

	private int update(String sql, Binder binder) {
		try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
			binder.bind(ps);
			return ps.executeUpdate();
		} catch (SQLException e) {
			throw new IllegalStateException("export job table: " + e.getMessage(), e);
		}
	}

	private <T> T query(String sql, Reader<T> reader) {
		return query(sql, ps -> {}, reader);
	}

	private <T> T query(String sql, Binder binder, Reader<T> reader) {
		try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
			binder.bind(ps);
			try (ResultSet rs = ps.executeQuery()) {
				return reader.read(rs);
			}
		} catch (SQLException e) {
			throw new IllegalStateException("export job table: " + e.getMessage(), e);
		}
	}

	private static void setMillis(PreparedStatement ps, int index, Instant instant) throws SQLException {
		if (instant == null) {
			ps.setNull(index, Types.BIGINT);
		} else {
			ps.setLong(index, instant.toEpochMilli());
		}
	}

	private static Long millis(ResultSet rs, int index) throws SQLException {
		long value = rs.getLong(index);
		return rs.wasNull() ? null : value;
	}

	private static Instant instant(Long millis) {
		return millis == null ? null : Instant.ofEpochMilli(millis);
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
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

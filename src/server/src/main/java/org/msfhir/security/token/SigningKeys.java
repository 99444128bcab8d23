package org.msfhir.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys that sign this server's tokens, kept in a JWK set file so that tokens stay valid
 * across restarts (and, on a shared file, across instances). Every key in the file is published at
 * the JWKS endpoint. The key that signs is the newest one that has been published for at least
 * {@code publishAhead}, so that anyone caching the key set knows a key before it meets tokens signed
 * with it. {@link #rotate} adds a new key and drops keys no token can still need. The file is
 * re-read when it changes (another instance rotated). It is created with a new 2048-bit key on first
 * start, readable by its owner only. Key material is never logged.
 */
public final class SigningKeys {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

	private final Path file;
	private final Duration publishAhead;
	private final Clock clock;
	private volatile JWKSet keys;
	private volatile FileTime loadedVersion;

	private SigningKeys(Path file, Duration publishAhead, Clock clock) {
		this.file = file;
		this.publishAhead = publishAhead;
		this.clock = clock;
	}

	/** Reads the key file, or creates it with a new key if it does not exist. */
	public static SigningKeys loadOrCreate(Path file) {
		return loadOrCreate(file, Duration.ZERO, Clock.systemUTC());
	}

	/**
	 * @param publishAhead how long a new key is published before it signs
	 */
	public static SigningKeys loadOrCreate(Path file, Duration publishAhead, Clock clock) {
		SigningKeys signingKeys = new SigningKeys(file, publishAhead, clock);
		try {
			privateFolder(file.toAbsolutePath().getParent());
			if (Files.exists(file)) {
				signingKeys.load();
				LOG.info("Token signing key {} loaded from {}", signingKeys.activeKey().getKeyID(), file);
			} else {
				RSAKey key = newKey(clock.instant().minus(publishAhead)); // the first key signs at once
				signingKeys.save(new JWKSet(key));
				LOG.info("Token signing key {} generated and stored in {}", key.getKeyID(), file);
			}
			return signingKeys;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read or write the signing key file " + file, e);
		}
	}

	/**
	 * Adds a new key, published now and signing from {@code publishAhead} on, and removes keys that
	 * stopped signing more than {@code tokenLifetime} ago.
	 *
	 * @return the new key's id
	 */
	public synchronized String rotate(Duration tokenLifetime) {
		reloadIfChanged();
		Instant now = clock.instant();
		RSAKey fresh = newKey(now);
		List<JWK> kept = new ArrayList<>();
		kept.add(fresh);
		List<RSAKey> current = rsaKeys(keys);
		RSAKey active = activeKey();
		for (RSAKey key : current) {
			Instant signingFrom = signingFrom(key);
			boolean newerThanActive = signingFrom.isAfter(signingFrom(active));
			// A retired key is dropped once its successor has signed for longer than any token lives.
			Instant successorFrom = current.stream()
					.map(this::signingFrom)
					.filter(from -> from.isAfter(signingFrom) && !from.isAfter(now))
					.min(Comparator.naturalOrder())
					.orElse(null);
			boolean stillNeeded = key == active || newerThanActive || successorFrom == null
					|| successorFrom.plus(tokenLifetime).isAfter(now);
			if (stillNeeded) {
				kept.add(key);
			} else {
				LOG.info("Token signing key {} retired: no token signed with it is still valid", key.getKeyID());
			}
		}
		try {
			save(new JWKSet(kept));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write the signing key file " + file, e);
		}
		LOG.info("Token signing key {} added; published now, signing from {}", fresh.getKeyID(), signingFrom(fresh));
		return fresh.getKeyID();
	}

	/**
	 * Rotates when the newest key (of any instance sharing the file) was added more than {@code maxAge}
	 * ago; the scheduled rotation. A rotation another instance has just written is seen first, so
	 * instances on one file do not rotate twice.
	 *
	 * @return the new key's id, or null when the newest key is young enough
	 */
	public synchronized String rotateIfOlderThan(Duration maxAge, Duration tokenLifetime) {
		reloadIfChanged();
		Instant newestAdded = rsaKeys(keys).stream()
				.map(key -> signingFrom(key).minus(publishAhead))
				.max(Comparator.naturalOrder())
				.orElse(Instant.EPOCH);
		return newestAdded.plus(maxAge).isAfter(clock.instant()) ? null : rotate(tokenLifetime);
	}

	/** All keys, private parts included: for signing and local verification only. */
	public JWKSet privateKeys() {
		reloadIfChanged();
		return keys;
	}

	/** The key that signs new tokens: the newest key published for at least {@code publishAhead}. */
	public RSAKey activeKey() {
		reloadIfChanged();
		Instant now = clock.instant();
		List<RSAKey> all = rsaKeys(keys);
		return all.stream()
				.filter(key -> !signingFrom(key).isAfter(now))
				.max(Comparator.comparing(this::signingFrom))
				.orElseGet(() -> all.stream().min(Comparator.comparing(this::signingFrom)).orElseThrow());
	}

	/** The public keys, as published at the JWKS endpoint. */
	public JWKSet publicKeys() {
		return privateKeys().toPublicJWKSet();
	}

	/** When a key starts signing. Keys without an issue time (older files) count as long active. */
	public Instant signingFrom(RSAKey key) {
		Date issued = key.getIssueTime();
		return issued == null ? Instant.EPOCH : issued.toInstant().plus(publishAhead);
	}

	private void reloadIfChanged() {
		try {
			FileTime modified = Files.getLastModifiedTime(file);
			if (!modified.equals(loadedVersion)) {
				synchronized (this) {
					if (!Files.getLastModifiedTime(file).equals(loadedVersion)) {
						load();
					}
				}
			}
		} catch (IOException e) {
			LOG.warn("Signing key file {} cannot be read; keeping the keys loaded before: {}", file, e.getMessage());
		}
	}

	private void load() throws IOException {
		FileTime version = Files.getLastModifiedTime(file);
		JWKSet set;
		try {
			set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
		} catch (ParseException e) {
			throw new IllegalStateException("Signing key file " + file + " is not a JWK set", e);
		}
		if (rsaKeys(set).isEmpty() || rsaKeys(set).size() != set.getKeys().size()) {
			throw new IllegalStateException("Signing key file " + file + " must hold private RSA keys only");
		}
		keys = set;
		loadedVersion = version;
	}

	private void save(JWKSet set) throws IOException {
		write(file, set);
		keys = set;
		loadedVersion = Files.getLastModifiedTime(file);
	}

	private static List<RSAKey> rsaKeys(JWKSet set) {
		return set.getKeys().stream()
				.filter(key -> key instanceof RSAKey rsa && rsa.isPrivate())
				.map(RSAKey.class::cast)
				.toList();
	}

	private static RSAKey newKey(Instant issued) {
		try {
			return new RSAKeyGenerator(2048)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyIDFromThumbprint(true)
					.issueTime(Date.from(issued))
					.generate();
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot generate a signing key", e);
		}
	}

	private static void privateFolder(Path dir) throws IOException {
		try {
			org.msfhir.common.PrivateFiles.directory(dir);
		} catch (java.nio.file.AccessDeniedException | UnsupportedOperationException notOurs) {
			LOG.warn("Could not restrict the signing key folder {} to the server's user", dir);
		}
	}

	private static void write(Path file, JWKSet set) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path temp = Files.createTempFile(dir, ".signing-key", ".tmp");
		try {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		} catch (UnsupportedOperationException notPosix) {
			// Windows: the file inherits the folder's permissions.
		}
		Files.writeString(temp, set.toString(false), StandardCharsets.UTF_8);
		try {
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}

package org.msfhir.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key(s) that sign this server's tokens, kept in a JWK set file so that tokens stay valid
 * across restarts. The first key of the file signs; all of them are published (rotation: put the new
 * key first and keep the old one until its tokens have expired). The file is created with a new
 * 2048-bit key on first start, readable by its owner only. Key material is never logged.
 */
public final class SigningKeys {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

	private final JWKSet keys;

	private SigningKeys(JWKSet keys) {
		this.keys = keys;
	}

	/** Reads the key file, or creates it with a new key if it does not exist. */
	public static SigningKeys loadOrCreate(Path file) {
		try {
			privateFolder(file.toAbsolutePath().getParent());
			if (Files.exists(file)) {
				JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
				if (set.getKeys().isEmpty() || !(set.getKeys().get(0) instanceof RSAKey rsa) || !rsa.isPrivate()) {
					throw new IllegalStateException("Signing key file " + file + " must start with a private RSA key");
				}
				LOG.info("Token signing key {} loaded from {}", set.getKeys().get(0).getKeyID(), file);
				return new SigningKeys(set);
			}
			RSAKey key = new RSAKeyGenerator(2048)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyIDFromThumbprint(true)
					.issueTime(new Date())
					.generate();
			JWKSet set = new JWKSet(key);
			write(file, set);
			LOG.info("Token signing key {} generated and stored in {}", key.getKeyID(), file);
			return new SigningKeys(set);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read or write the signing key file " + file, e);
		} catch (ParseException e) {
			throw new IllegalStateException("Signing key file " + file + " is not a JWK set", e);
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
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** All keys, private parts included: for signing and local verification only. */
	public JWKSet privateKeys() {
		return keys;
	}

	/** The key that signs new tokens. */
	public RSAKey activeKey() {
		return (RSAKey) keys.getKeys().get(0);
	}

	/** The public keys, as published at the JWKS endpoint. */
	public JWKSet publicKeys() {
		return keys.toPublicJWKSet();
	}
}

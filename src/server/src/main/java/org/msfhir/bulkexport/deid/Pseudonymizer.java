package org.msfhir.bulkexport.deid;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms and date offsets of one research project. Everything is derived with HMAC-SHA256
 * from the server's secret and the project, so a resource gets the same pseudonym (and a patient the
 * same date offset) in every export of the project, including {@code _since} increments; other
 * projects get unrelated values, and nobody without the secret can reverse them.
 */
public final class Pseudonymizer {

	private final byte[] key;
	private final String scope;

	/**
	 * @param key the server's secret
	 * @param scope what the pseudonyms are stable within (the research project's key)
	 */
	public Pseudonymizer(byte[] key, String scope) {
		this.key = key.clone();
		this.scope = scope;
	}

	/** The pseudonymous id of {@code type/id}: 32 hex characters. */
	public String pseudonym(String type, String id) {
		return HexFormat.of().formatHex(hmac("id|" + type + "/" + id), 0, 16);
	}

	/**
	 * A date offset in days for a patient (or another owner of dates): never 0, in
	 * {@code [-maxDays, maxDays]}.
	 */
	public int dayOffset(String ownerReference, int maxDays) {
		byte[] h = hmac("shift|" + ownerReference);
		long n = 0;
		for (int i = 0; i < 8; i++) {
			n = (n << 8) | (h[i] & 0xff);
		}
		int magnitude = (int) Math.floorMod(n >>> 1, (long) maxDays) + 1;
		return (n & 1) == 0 ? magnitude : -magnitude;
	}

	private byte[] hmac(String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal((scope + "|" + message).getBytes(StandardCharsets.UTF_8));
		} catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}
}

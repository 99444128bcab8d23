package org.msfhir.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid input into a nearby invalid one, the way a coverage-guided fuzzer's mutators do:
 * byte flips, insertions of characters that matter to the format, deletions, duplicated or swapped
 * slices, and splices of another seed. Deterministic for a given {@link Random} seed, so a failing
 * case is reproduced from the seed alone.
 */
public final class Mutator {

	/** Characters and fragments that change the meaning of JSON, XML, URLs and FHIR values. */
	private static final List<String> TOKENS = List.of(
			"{", "}", "[", "]", "\"", ":", ",", "<", ">", "/>", "</", "&", "&amp;", "&#0;", "=", "?", "|", "%",
			"%00", "%ZZ", "%C3%28", "\\u0000", "\\", "\\\"", "null", "true", "-1", "0", "1e309", "9999999999999999999",
			"NaN", "2024-13-45", "T25:61", "urn:uuid:", "#", "..", "*", " ", "\t", "\n", "\u00e9", "\ud83d\ude00",
			"resourceType", "extension", "url", "value", "contained", "reference", "Patient/", "Bundle", "entry",
			"system/*.rs", "patient/", "user/", ".cruds", "._", "$", "_type", "_since", "_typeFilter", ",",
			"xmlns=\"http://hl7.org/fhir\"", "<![CDATA[", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;");

	private Mutator() {}

	/** Applies one to {@code rounds} mutations to {@code seed}. */
	public static byte[] mutate(byte[] seed, List<byte[]> others, Random random, int rounds) {
		byte[] data = seed.clone();
		int n = 1 + random.nextInt(Math.max(1, rounds));
		for (int i = 0; i < n; i++) {
			data = once(data, others, random);
		}
		return data;
	}

	public static String mutate(String seed, List<String> others, Random random, int rounds) {
		List<byte[]> bytes = others.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
		return new String(mutate(seed.getBytes(StandardCharsets.UTF_8), bytes, random, rounds), StandardCharsets.UTF_8);
	}

	private static byte[] once(byte[] data, List<byte[]> others, Random random) {
		int at = data.length == 0 ? 0 : random.nextInt(data.length + 1);
		switch (random.nextInt(7)) {
			case 0: { // flip a byte
				if (data.length == 0) return data;
				byte[] copy = data.clone();
				copy[Math.min(at, copy.length - 1)] ^= (byte) (1 << random.nextInt(8));
				return copy;
			}
			case 1: // insert a meaningful token
				return insert(data, at, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
			case 2: { // delete a slice
				if (data.length == 0) return data;
				int from = Math.min(at, data.length - 1);
				int to = Math.min(data.length, from + 1 + random.nextInt(16));
				return concat(slice(data, 0, from), slice(data, to, data.length));
			}
			case 3: { // duplicate a slice
				if (data.length == 0) return data;
				int from = random.nextInt(data.length);
				int to = Math.min(data.length, from + 1 + random.nextInt(64));
				return insert(data, at, slice(data, from, to));
			}
			case 4: { // splice with another seed
				if (others.isEmpty()) return data;
				byte[] other = others.get(random.nextInt(others.size()));
				int cut = other.length == 0 ? 0 : random.nextInt(other.length);
				return concat(slice(data, 0, Math.min(at, data.length)), slice(other, cut, other.length));
			}
			case 5: { // a random byte, often outside ASCII
				return insert(data, at, new byte[] {(byte) random.nextInt(256)});
			}
			default: { // replace a digit or letter by another character class
				if (data.length == 0) return data;
				byte[] copy = data.clone();
				int i = Math.min(at, copy.length - 1);
				copy[i] = (byte) "0-9aZ.\"'<>&%".charAt(random.nextInt(12));
				return copy;
			}
		}
	}

	private static byte[] insert(byte[] data, int at, byte[] piece) {
		return concat(concat(slice(data, 0, at), piece), slice(data, at, data.length));
	}

	private static byte[] slice(byte[] data, int from, int to) {
		return java.util.Arrays.copyOfRange(data, from, Math.max(from, to));
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}

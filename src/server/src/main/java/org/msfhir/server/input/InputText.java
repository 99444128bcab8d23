package org.msfhir.server.input;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of request text before anything decodes it: bodies and query parameters must be valid
 * UTF-8 (a decoder would otherwise replace bad bytes and the server would store something other than
 * what was sent) and must not contain the NUL character (PostgreSQL text cannot hold it). Each check
 * returns {@code null} when the input is fine, otherwise a message naming the byte offset or the
 * parameter.
 */
public final class InputText {

	/** An XML character reference to NUL: {@code &#0;}, {@code &#x00;}. */
	private static final Pattern XML_NUL_REFERENCE = Pattern.compile("&#([xX]0+|0+);");

	private InputText() {}

	/** The offset of the first byte that is not part of valid UTF-8, or -1. */
	public static int invalidUtf8Offset(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(8192);
		while (true) {
			// End of input: a sequence cut off at the end is reported as malformed too.
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return in.position();
			}
			if (!result.isOverflow()) {
				break;
			}
			out.clear();
		}
		return decoder.flush(out.clear()).isError() ? in.position() : -1;
	}

	/**
	 * Checks a JSON or XML request body.
	 *
	 * @param json whether the body is JSON (then {@code \u0000} escapes count as NUL), else XML
	 */
	public static String checkBody(byte[] body, boolean json) {
		int invalid = invalidUtf8Offset(body);
		if (invalid >= 0) {
			return "Request body is not valid UTF-8: invalid byte 0x" + hex(body[invalid]) + " at byte offset " + invalid;
		}
		for (int i = 0; i < body.length; i++) {
			if (body[i] == 0) {
				return "Request body contains a NUL character at byte offset " + i + nulReason();
			}
		}
		int escape = json ? jsonNulEscape(body) : xmlNulReference(body);
		if (escape >= 0) {
			return "Request body contains a NUL character (" + (json ? "\\u0000" : "character reference")
					+ ") at byte offset " + escape + nulReason();
		}
		return null;
	}

	/**
	 * Checks a raw query string (still percent-encoded): every decoded name and value must be valid
	 * UTF-8 without NUL. Call only after the percent-escapes themselves have been checked.
	 */
	public static String checkQuery(String queryString) {
		if (queryString == null || queryString.isEmpty()) {
			return null;
		}
		for (String pair : queryString.split("&")) {
			int eq = pair.indexOf('=');
			String name = eq >= 0 ? pair.substring(0, eq) : pair;
			String value = eq >= 0 ? pair.substring(eq + 1) : "";
			String problem = checkQueryPart(name, "name", null);
			if (problem == null) {
				problem = checkParameterName(name);
			}
			if (problem == null) {
				problem = checkQueryPart(value, "value", name);
			}
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	/**
	 * A parameter name holds no control character (tab, line break, DEL ...): FHIR defines none such,
	 * and HAPI folds some of them away, so that {@code _includ%09e} and {@code _include} collide (a 500
	 * in HAPI).
	 */
	private static String checkParameterName(String encoded) {
		String name = new String(percentDecode(encoded), StandardCharsets.UTF_8);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isISOControl(c)) {
				return "Invalid URL: search parameter name '" + printable(name) + "' contains a control character (U+"
						+ String.format("%04X", (int) c) + ") at character " + i;
			}
		}
		return null;
	}

	private static String checkQueryPart(String encoded, String what, String parameter) {
		byte[] bytes = percentDecode(encoded);
		String where = parameter == null ? "a search parameter name" : "the value of search parameter '"
				+ printable(URLDecoder.decode(parameter, StandardCharsets.UTF_8)) + "'";
		int invalid = invalidUtf8Offset(bytes);
		if (invalid >= 0) {
			return "Invalid URL: " + where + " is not valid UTF-8 once percent-decoded (invalid byte 0x"
					+ hex(bytes[invalid]) + " at byte offset " + invalid + " of the " + what + ")";
		}
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return "Invalid URL: " + where + " contains a NUL character (%00) at byte offset " + i + " of the "
						+ what;
			}
		}
		return null;
	}

	/** Percent-decoding to bytes ('+' is a space); a broken escape is kept as it is. */
	static byte[] percentDecode(String encoded) {
		byte[] raw = encoded.getBytes(StandardCharsets.ISO_8859_1);
		byte[] out = new byte[raw.length];
		int n = 0;
		for (int i = 0; i < raw.length; i++) {
			byte b = raw[i];
			if (b == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
				out[n++] = (byte) Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.ISO_8859_1), 16);
				i += 2;
			} else {
				out[n++] = b == '+' ? (byte) ' ' : b;
			}
		}
		return java.util.Arrays.copyOf(out, n);
	}

	private static boolean isHex(byte b) {
		return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
	}

	/** Offset of a {@code \u0000} escape (an odd number of backslashes before the 'u'), or -1. */
	static int jsonNulEscape(byte[] body) {
		for (int i = 0; i + 5 < body.length; i++) {
			if (body[i] == '\\' && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0'
					&& body[i + 4] == '0' && body[i + 5] == '0') {
				int backslashes = 1;
				for (int j = i - 1; j >= 0 && body[j] == '\\'; j--) {
					backslashes++;
				}
				if (backslashes % 2 == 1) {
					return i;
				}
			}
		}
		return -1;
	}

	private static int xmlNulReference(byte[] body) {
		Matcher matcher = XML_NUL_REFERENCE.matcher(new String(body, StandardCharsets.ISO_8859_1));
		return matcher.find() ? matcher.start() : -1;
	}

	private static String nulReason() {
		return ": NUL is not allowed in FHIR strings and cannot be stored";
	}

	private static String hex(byte b) {
		return String.format("%02X", b & 0xFF);
	}

	private static String printable(String s) {
		String cleaned = s.replaceAll("[^\\x20-\\x7E]", "?");
		return cleaned.length() > 60 ? cleaned.substring(0, 60) + "..." : cleaned;
	}
}

package org.msfhir.security.authserver;

/** Makes caller-supplied text safe for one log line: no line breaks or control characters, bounded length. */
final class LogText {

	private LogText() {}

	static String clean(String text) {
		if (text == null) {
			return "(none)";
		}
		String cleaned = text.replaceAll("\\p{Cntrl}", "?");
		return cleaned.length() > 100 ? cleaned.substring(0, 100) + "..." : cleaned;
	}
}

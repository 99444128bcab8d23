package org.msfhir.server.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsing rules of the FHIR request being handled on this thread, and the elements dropped
 * from its body so far. {@link RequestParserErrorHandler} consults it; outside a request (start-up,
 * reading stored resources in background jobs) nothing is active and parsing stays lenient.
 */
public final class RequestParsing {

	private static final ThreadLocal<RequestParsing> CURRENT = new ThreadLocal<>();

	/** Request attribute holding the raw JSON or XML body (set by the body filter), for element paths. */
	public static final String BODY_ATTRIBUTE = RequestParsing.class.getName() + ".body";

	private final UnknownElements unknownElements;
	private final byte[] body;
	private final List<String> dropped = new ArrayList<>();
	private final Map<String, Integer> reported = new HashMap<>();

	private RequestParsing(UnknownElements unknownElements, byte[] body) {
		this.unknownElements = unknownElements;
		this.body = body;
	}

	/** Starts the rules for the current thread's request; close the returned scope when it is done. */
	public static Scope begin(UnknownElements unknownElements) {
		return begin(unknownElements, null);
	}

	/**
	 * @param body the raw request body, or null; with it, unknown elements are named by their path in
	 *     the body ({@code Bundle.entry[1].resource.favouriteColour}), else by their name only
	 */
	public static Scope begin(UnknownElements unknownElements, byte[] body) {
		RequestParsing previous = CURRENT.get();
		CURRENT.set(new RequestParsing(unknownElements, body));
		return () -> {
			if (previous == null) {
				CURRENT.remove();
			} else {
				CURRENT.set(previous);
			}
		};
	}

	/** The rules of the current thread's request, or null outside a request. */
	static RequestParsing current() {
		return CURRENT.get();
	}

	UnknownElements unknownElements() {
		return unknownElements;
	}

	/** Where the next reported element or attribute of this name sits in the body, or its bare name. */
	String locate(String name, boolean attribute) {
		int occurrence = reported.merge((attribute ? "@" : "") + name, 1, Integer::sum) - 1;
		if (body == null) {
			return name;
		}
		boolean json = isJson(body);
		String path = ElementPaths.find(body, json, name, attribute, occurrence);
		return path != null ? path : name;
	}

	private static boolean isJson(byte[] body) {
		for (byte b : body) {
			if (b == '{' || b == '[') {
				return true;
			}
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB && (b & 0xFF) != 0xBF) {
				return false;
			}
		}
		return false;
	}

	void drop(String element) {
		if (dropped.size() < 100) {
			dropped.add(element);
		}
	}

	/** Elements dropped from the current request's body (lenient mode), in the order found. */
	public static List<String> droppedElements() {
		RequestParsing current = CURRENT.get();
		return current == null ? List.of() : List.copyOf(current.dropped);
	}

	/** Ends the rules of a request. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {
		@Override
		void close();
	}
}

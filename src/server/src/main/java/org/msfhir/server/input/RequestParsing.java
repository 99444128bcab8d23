package org.msfhir.server.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsing rules of the FHIR request being handled on this thread, and the elements dropped
 * from its body so far. {@link RequestParserErrorHandler} consults it; outside a request (start-up,
 * reading stored resources in background jobs) nothing is active and parsing stays lenient.
 */
public final class RequestParsing {

	private static final ThreadLocal<RequestParsing> CURRENT = new ThreadLocal<>();

	private final UnknownElements unknownElements;
	private final List<String> dropped = new ArrayList<>();

	private RequestParsing(UnknownElements unknownElements) {
		this.unknownElements = unknownElements;
	}

	/** Starts the rules for the current thread's request; close the returned scope when it is done. */
	public static Scope begin(UnknownElements unknownElements) {
		RequestParsing previous = CURRENT.get();
		CURRENT.set(new RequestParsing(unknownElements));
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

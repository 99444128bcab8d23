package org.msfhir.server.input;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * HAPI's parser error handler for the server's FHIR context. During a request it refuses (or, in
 * lenient mode, records) elements and attributes that FHIR does not define; HAPI's own parser would
 * drop them silently. Every other parser finding, and all parsing outside a request, is handled as
 * HAPI's default lenient handler does.
 */
public class RequestParserErrorHandler extends LenientErrorHandler {

	@Override
	public void unknownElement(IParseLocation location, String elementName) {
		if (!handled(location, elementName, false)) {
			super.unknownElement(location, elementName);
		}
	}

	@Override
	public void unknownAttribute(IParseLocation location, String attributeName) {
		if (!handled(location, attributeName, true)) {
			super.unknownAttribute(location, attributeName);
		}
	}

	private static boolean handled(IParseLocation location, String name, boolean attribute) {
		RequestParsing request = RequestParsing.current();
		if (request == null) {
			return false;
		}
		String kind = attribute ? "attribute" : "element";
		String located = request.locate(name, attribute);
		String path = located.equals(name) ? path(location, name) : located;
		if (request.unknownElements() == UnknownElements.REJECT) {
			throw new DataFormatException("Unknown " + kind + " '" + path + "': FHIR R4 does not define it"
					+ " (the server refuses unknown elements rather than drop them; see hapi.fhir.parser.unknown-elements)");
		}
		request.drop(path);
		return true;
	}

	static String path(IParseLocation location, String name) {
		String parent = location == null ? null : location.getParentElementName();
		return parent == null || parent.isEmpty() ? name : parent + "." + name;
	}
}

package org.msfhir.server.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Finds where an element HAPI's parser reported as unknown sits in the request body, as a FHIR-style
 * path with indexes ({@code Bundle.entry[1].resource.favouriteColour}): HAPI reports only the
 * element's name. Reads the body a second time, only when there is something to report.
 */
final class ElementPaths {

	private static final JsonFactory JSON = new JsonFactory();

	private ElementPaths() {}

	/**
	 * The path of the {@code occurrence}-th (0-based) element or attribute named {@code name}, or
	 * null if the body cannot be read or has no such element.
	 */
	static String find(byte[] body, boolean json, String name, boolean attribute, int occurrence) {
		try {
			return json ? inJson(body, name, occurrence) : inXml(body, name, attribute, occurrence);
		} catch (Exception | StackOverflowError e) {
			return null; // the parser will refuse the body anyway; the bare name has to do
		}
	}

	private static String inJson(byte[] body, String name, int occurrence) throws Exception {
		Deque<Frame> stack = new ArrayDeque<>();
		String rootType = null;
		int seen = 0;
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				Frame top = stack.peek();
				if (token == JsonToken.FIELD_NAME) {
					top.field = parser.currentName();
					if (top.field.equals(name) && seen++ == occurrence) {
						return path(stack, rootType, name);
					}
					if (stack.size() == 1 && top.field.equals("resourceType") && parser.nextToken() == JsonToken.VALUE_STRING) {
						rootType = parser.getText();
					}
					continue;
				}
				if (top != null && top.array && token != JsonToken.END_ARRAY) {
					top.index++; // a new item of the array
				}
				if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
					stack.push(new Frame(token == JsonToken.START_ARRAY));
				} else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					stack.pop();
				}
			}
		}
		return null;
	}

	/** The path to a field in the innermost object of the stack (array items by index). */
	private static String path(Deque<Frame> stack, String rootType, String name) {
		StringBuilder path = new StringBuilder(rootType != null ? rootType : "");
		Frame[] frames = stack.toArray(new Frame[0]);
		for (int i = frames.length - 1; i > 0; i--) {
			Frame frame = frames[i];
			if (frame.array) {
				path.append('[').append(frame.index).append(']');
			} else {
				append(path, frame.field);
			}
		}
		append(path, name);
		return path.toString();
	}

	private static void append(StringBuilder path, String segment) {
		if (!path.isEmpty()) {
			path.append('.');
		}
		path.append(segment);
	}

	private static String inXml(byte[] body, String name, boolean attribute, int occurrence) throws Exception {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
		Deque<String> path = new ArrayDeque<>();
		Deque<Map<String, Integer>> siblings = new ArrayDeque<>();
		siblings.push(new HashMap<>());
		int seen = 0;
		while (reader.hasNext()) {
			int event = reader.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				String element = reader.getLocalName();
				int index = siblings.peek().merge(element, 1, Integer::sum) - 1;
				path.addLast(index == 0 ? element : element + "[" + index + "]");
				siblings.push(new HashMap<>());
				if (!attribute && element.equals(name) && seen++ == occurrence) {
					return String.join(".", path);
				}
				if (attribute) {
					for (int i = 0; i < reader.getAttributeCount(); i++) {
						if (reader.getAttributeLocalName(i).equals(name) && seen++ == occurrence) {
							return String.join(".", path) + "@" + name;
						}
					}
				}
			} else if (event == XMLStreamConstants.END_ELEMENT) {
				path.removeLast();
				siblings.pop();
			}
		}
		return null;
	}

	private static final class Frame {
		final boolean array;
		int index = -1;
		String field;

		Frame(boolean array) {
			this.array = array;
		}
	}
}

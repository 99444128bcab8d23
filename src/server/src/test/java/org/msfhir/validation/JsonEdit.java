package org.msfhir.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Small edits of a FHIR JSON resource by path ({@code "component[0].valueInteger"}), used to derive
 * invalid variants from the valid examples.
 */
final class JsonEdit {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private JsonEdit() {}

	static Consumer<ObjectNode> set(String path, Object value) {
		return root -> {
			Target target = resolve(root, path, true);
			JsonNode node = MAPPER.valueToTree(value);
			if (target.index >= 0) {
				ArrayNode array = (ArrayNode) target.parent.get(target.field);
				while (array.size() <= target.index) {
					array.addObject();
				}
				array.set(target.index, node);
			} else {
				target.parent.set(target.field, node);
			}
		};
	}

	static Consumer<ObjectNode> setJson(String path, String json) {
		return root -> {
			try {
				set(path, MAPPER.readTree(json)).accept(root);
			} catch (java.io.IOException e) {
				throw new IllegalArgumentException(json, e);
			}
		};
	}

	static Consumer<ObjectNode> remove(String path) {
		return root -> {
			Target target = resolve(root, path, false);
			if (target.index >= 0) {
				((ArrayNode) target.parent.get(target.field)).remove(target.index);
			} else {
				if (target.parent.remove(target.field) == null) {
					throw new IllegalArgumentException("nothing to remove at " + path);
				}
			}
		};
	}

	private record Target(ObjectNode parent, String field, int index) {}

	private static Target resolve(ObjectNode root, String path, boolean create) {
		String[] parts = path.split("\\.");
		ObjectNode current = root;
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			String field = part;
			int index = -1;
			int bracket = part.indexOf('[');
			if (bracket >= 0) {
				field = part.substring(0, bracket);
				index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
			}
			if (i == parts.length - 1) {
				if (index >= 0 && !current.has(field)) {
					current.putArray(field);
				}
				return new Target(current, field, index);
			}
			JsonNode next = current.get(field);
			if (next == null) {
				if (!create) {
					throw new IllegalArgumentException("no " + field + " in " + path);
				}
				next = index >= 0 ? current.putArray(field) : current.putObject(field);
			}
			if (index >= 0) {
				ArrayNode array = (ArrayNode) next;
				while (array.size() <= index) {
					array.addObject();
				}
				next = array.get(index);
			}
			current = (ObjectNode) next;
		}
		throw new IllegalStateException(path);
	}
}

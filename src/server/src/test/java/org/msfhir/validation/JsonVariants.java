package org.msfhir.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Derives many variants of a FHIR JSON resource (every leaf removed or replaced, elements added), for
 * the tests that hold a fast path against the full validator.
 */
final class JsonVariants {

	/** Elements every fast-path test adds to its resources, whole and each on its own ({path, json}). */
	private static final List<String[]> COMMON_ADDITIONS = List.of(
			new String[] {".extension[+]", "{\"url\":\"http://example.org/x\",\"valueString\":\"x\"}"},
			new String[] {".modifierExtension[+]", "{\"url\":\"http://example.org/x\",\"valueString\":\"x\"}"},
			new String[] {".identifier[+]", "{\"system\":\"http://example.org/ids\",\"value\":\"1\"}"},
			new String[] {".subject.display", "\"Jane\""},
			new String[] {".meta.tag[+]", "{\"system\":\"http://example.org/tags\",\"code\":\"t\"}"},
			new String[] {".meta.versionId", "\"1\""},
			new String[] {".language", "\"en\""},
			new String[] {".contained[+]", "{\"resourceType\":\"Patient\",\"id\":\"p\"}"});

	private JsonVariants() {}

	/** The given additions ({path, json}) and the ones every fast-path test tries. */
	static List<String[]> withCommonAdditions(List<String[]> specific) {
		List<String[]> all = new ArrayList<>(specific);
		all.addAll(COMMON_ADDITIONS);
		return List.copyOf(all);
	}

	/**
	 * Variants of a resource: each leaf removed, each leaf replaced by each of {@code numbers} (numeric
	 * leaves) or by {@code strings} for its element name and by {@code anyText}, and each of
	 * {@code additions} ({path, json}; a path ending in [+] appends to an array) added on its own.
	 */
	static List<ObjectNode> variantsOf(ObjectNode base, List<String> numbers, Map<String, List<String>> strings,
			List<String> anyText, List<String[]> additions) {
		List<ObjectNode> variants = new ArrayList<>();
		List<String> leaves = new ArrayList<>();
		collectLeaves(base, "", leaves);
		for (String leaf : leaves) {
			variants.add(edited(base, root -> removeAt(root, leaf)));
			JsonNode current = at(base, leaf);
			List<JsonNode> replacements = new ArrayList<>();
			if (current.isNumber()) {
				numbers.forEach(n -> replacements.add(new DecimalNode(new BigDecimal(n))));
			} else {
				String name = leaf.substring(leaf.lastIndexOf('.') + 1).replaceAll("\\[[0-9]+\\]$", "");
				strings.getOrDefault(name, List.of()).forEach(s -> replacements.add(new TextNode(s)));
				anyText.forEach(s -> replacements.add(new TextNode(s)));
			}
			for (JsonNode replacement : replacements) {
				variants.add(edited(base, root -> setAt(root, leaf, replacement)));
			}
		}
		for (String[] addition : additions) {
			variants.add(edited(base, root -> {
				JsonNode value = json(addition[1]);
				boolean append = addition[0].endsWith("[+]");
				String path = append ? addition[0].substring(0, addition[0].length() - 3) : addition[0];
				JsonNode parent = at(root, path.substring(0, path.lastIndexOf('.')));
				String field = path.substring(path.lastIndexOf('.') + 1);
				if (!(parent instanceof ObjectNode object)) {
					return;
				}
				if (append) {
					(object.get(field) instanceof ArrayNode array ? array : object.putArray(field)).add(value);
				} else {
					object.set(field, value);
				}
			}));
		}
		return variants;
	}

	private static void collectLeaves(JsonNode node, String path, List<String> out) {
		if (node.isObject()) {
			node.fields().forEachRemaining(f -> collectLeaves(f.getValue(), path + "." + f.getKey(), out));
		} else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collectLeaves(node.get(i), path + "[" + i + "]", out);
			}
		} else if (!path.equals(".resourceType")) {
			out.add(path);
		}
	}

	/** The node at a path like {@code .component[2].valueInteger} ({@code ""} is the root). */
	private static JsonNode at(JsonNode root, String path) {
		JsonNode node = root;
		for (String step : path.split("\\.")) {
			if (step.isEmpty()) {
				continue;
			}
			String field = step.contains("[") ? step.substring(0, step.indexOf('[')) : step;
			node = node.path(field);
			if (step.contains("[")) {
				node = node.path(Integer.parseInt(step.substring(step.indexOf('[') + 1, step.indexOf(']'))));
			}
		}
		return node;
	}

	private static String parentOf(String path) {
		int dot = path.lastIndexOf('.');
		int bracket = path.lastIndexOf('[');
		if (bracket > dot) {
			return path.substring(0, bracket);
		}
		return path.substring(0, dot);
	}

	private static void removeAt(ObjectNode root, String path) {
		JsonNode parent = at(root, parentOf(path));
		String last = path.substring(Math.max(path.lastIndexOf('.'), path.lastIndexOf('[')));
		if (parent instanceof ArrayNode array) {
			array.remove(Integer.parseInt(last.substring(1, last.length() - 1)));
		} else if (parent instanceof ObjectNode object) {
			object.remove(last.substring(1));
		}
	}

	private static void setAt(ObjectNode root, String path, JsonNode value) {
		JsonNode parent = at(root, parentOf(path));
		String last = path.substring(Math.max(path.lastIndexOf('.'), path.lastIndexOf('[')));
		if (parent instanceof ArrayNode array) {
			array.set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
		} else if (parent instanceof ObjectNode object) {
			object.set(last.substring(1), value);
		}
	}

	private static ObjectNode edited(ObjectNode base, Consumer<ObjectNode> edit) {
		ObjectNode copy = base.deepCopy();
		edit.accept(copy);
		return copy;
	}

	static JsonNode json(String text) {
		try {
			return JsonEdit.MAPPER.readTree(text);
		} catch (java.io.IOException e) {
			throw new IllegalArgumentException(text, e);
		}
	}
}

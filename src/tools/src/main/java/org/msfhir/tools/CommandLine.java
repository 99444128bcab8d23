package org.msfhir.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Minimal {@code --name value} / {@code --flag} option parser for the command-line tools. */
public final class CommandLine {

	private final Map<String, String> options = new HashMap<>();
	private final List<String> positional = new ArrayList<>();

	public CommandLine(String[] args) {
		for (int i = 0; i < args.length; i++) {
			String arg = args[i].strip();
			if (arg.startsWith("--")) {
				String name = arg.substring(2);
				int eq = name.indexOf('=');
				if (eq > 0) {
					options.put(name.substring(0, eq), name.substring(eq + 1));
				} else if (i + 1 < args.length && !args[i + 1].strip().startsWith("--")) {
					options.put(name, args[++i].strip());
				} else {
					options.put(name, "true");
				}
			} else {
				positional.add(arg);
			}
		}
	}

	public List<String> positional() {
		return positional;
	}

	public String get(String name, String defaultValue) {
		return options.getOrDefault(name, defaultValue);
	}

	public String require(String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("missing option --" + name);
		}
		return value;
	}

	public int getInt(String name, int defaultValue) {
		return options.containsKey(name) ? Integer.parseInt(options.get(name)) : defaultValue;
	}

	public long getLong(String name, long defaultValue) {
		return options.containsKey(name) ? Long.parseLong(options.get(name)) : defaultValue;
	}

	public boolean flag(String name) {
		return Boolean.parseBoolean(options.getOrDefault(name, "false"));
	}

	public List<Integer> getIntList(String name, String defaultValue) {
		List<Integer> values = new ArrayList<>();
		for (String part : get(name, defaultValue).split(",")) {
			values.add(Integer.parseInt(part.trim()));
		}
		return values;
	}
}

package org.msfhir.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every reference case of docs/progression.md: the document is the test data, so document and
 * tests cannot drift apart.
 */
class ReferenceCasesTest {

	private static final Path DOC = org.msfhir.support.RepositoryPaths.root().resolve("docs/progression.md");

	/** One case as written in the document. */
	record Case(String id, String title, ProgressionSettings settings, PatientHistory history, List<String> expected) {
		@Override
		public String toString() {
			return id + " " + title;
		}
	}

	static Stream<Case> cases() throws IOException {
		return parse(Files.readAllLines(DOC)).stream();
	}

	@Test
	void documentHasConsecutiveCaseIdsFromC01() throws IOException {
		List<Case> all = parse(Files.readAllLines(DOC));
		assertTrue(all.size() >= 30, "at least 30 reference cases, found " + all.size());
		for (int i = 0; i < all.size(); i++) {
			assertEquals(String.format(Locale.ROOT, "C%02d", i + 1), all.get(i).id());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void referenceCase(Case c) {
		PatientProgression p = new ProgressionEngine(c.settings()).analyse(c.history());
		Map<Measure, List<String>> expectedEvents = new LinkedHashMap<>();
		for (String line : c.expected()) {
			check(c, p, line, expectedEvents);
		}
		expectedEvents.forEach((m, lines) -> assertEquals(lines,
				p.result(m).events().stream().map(ReferenceCasesTest::describe).toList(), c.id() + " " + m + " events"));
	}

	private static final Pattern EVENT = Pattern.compile("(\\S+) event: (.*)");
	private static final Pattern NO_EVENTS = Pattern.compile("(\\S+) events: none");
	private static final Pattern FIRST = Pattern.compile("(\\S+) time to first event: (\\S+)");
	private static final Pattern ARR = Pattern.compile("ARR (\\[.*\\)): (\\S+)");
	private static final Pattern SINCE = Pattern.compile("days since last relapse at (\\S+): (\\S+)");
	private static final Pattern STATUS = Pattern.compile("(NEDA-3|Lublin activity|Lublin progression) (.+): (\\S+)");

	private static void check(Case c, PatientProgression p, String line, Map<Measure, List<String>> expectedEvents) {
		String where = c.id() + ": " + line;
		Matcher m;
		if ((m = NO_EVENTS.matcher(line)).matches()) {
			expectedEvents.put(measure(m.group(1)), new ArrayList<>());
		} else if ((m = EVENT.matcher(line)).matches()) {
			expectedEvents.computeIfAbsent(measure(m.group(1)), k -> new ArrayList<>()).add(canonical(m.group(2)));
		} else if ((m = FIRST.matcher(line)).matches()) {
			OptionalLong days = p.result(measure(m.group(1))).daysToFirstEvent();
			assertEquals(m.group(2), days.isPresent() ? Long.toString(days.getAsLong()) : "none", where);
		} else if ((m = ARR.matcher(line)).matches()) {
			double arr = RelapseMetrics.annualisedRelapseRate(c.history().relapseOnsets(), window(m.group(1)));
			assertEquals(m.group(2), String.format(Locale.ROOT, "%.3f", arr), where);
		} else if ((m = SINCE.matcher(line)).matches()) {
			OptionalLong days = RelapseMetrics.daysSinceLastRelapse(c.history().relapseOnsets(), LocalDate.parse(m.group(1)));
			assertEquals(m.group(2), days.isPresent() ? Long.toString(days.getAsLong()) : "none", where);
		} else if ((m = STATUS.matcher(line)).matches()) {
			DateWindow w = window(m.group(2));
			String actual = switch (m.group(1)) {
				case "NEDA-3" -> DiseaseActivity.neda3(c.history(), p, w).name();
				case "Lublin activity" -> DiseaseActivity.lublinActivity(c.history(), w).name();
				default -> DiseaseActivity.lublinProgression(c.history(), p, w).name();
			};
			assertEquals(m.group(3), actual, where);
		} else {
			fail("unknown expectation in " + where);
		}
	}

	private static String describe(WorseningEvent e) {
		return "reference " + e.reference().date() + " " + value(e.reference()) + ", onset " + e.onset().date() + " "
				+ value(e.onset()) + ", confirmation " + e.confirmation().date() + " " + value(e.confirmation()) + ", "
				+ e.classification();
	}

	/** A value in one spelling, so that "2.0", "2" and 2.0 compare equal. */
	private static String value(Measurement m) {
		return number(m.value());
	}

	private static String number(double v) {
		return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
	}

	private static final Pattern DATE_VALUE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) ([0-9.]+)");

	/** The expected event line with its values in the spelling of {@link #number}. */
	private static String canonical(String line) {
		Matcher m = DATE_VALUE.matcher(line);
		StringBuilder sb = new StringBuilder();
		while (m.find()) {
			m.appendReplacement(sb, m.group(1) + " " + number(Double.parseDouble(m.group(2))));
		}
		return m.appendTail(sb).toString();
	}

	private static Measure measure(String name) {
		return name.equals("9HPT") ? Measure.NHPT : Measure.valueOf(name);
	}

	private static DateWindow window(String text) {
		if (text.matches("\\d{4}")) {
			return DateWindow.calendarYear(Integer.parseInt(text));
		}
		Matcher m = Pattern.compile("\\[(\\S+), (\\S+)\\)").matcher(text);
		if (!m.matches()) {
			throw new IllegalArgumentException("not a window: " + text);
		}
		return new DateWindow(LocalDate.parse(m.group(1)), LocalDate.parse(m.group(2)));
	}

	// --- parsing the document ---

	private static final Pattern HEADING = Pattern.compile("### (C\\d+) (.*)");
	private static final Pattern ROW = Pattern.compile("\\| (\\d{4}-\\d{2}-\\d{2}) \\| (\\d+) \\| (\\S+) \\| (.*) \\|");

	static List<Case> parse(List<String> lines) {
		List<Case> cases = new ArrayList<>();
		int i = 0;
		while (i < lines.size()) {
			Matcher h = HEADING.matcher(lines.get(i));
			if (!h.matches()) {
				i++;
				continue;
			}
			String id = h.group(1);
			ProgressionSettings settings = ProgressionSettings.defaults();
			PatientHistory.Builder history = PatientHistory.builder();
			List<String> expected = new ArrayList<>();
			LocalDate first = null;
			boolean inExpected = false;
			for (i++; i < lines.size() && !lines.get(i).startsWith("### ") && !lines.get(i).startsWith("## "); i++) {
				String line = lines.get(i);
				Matcher row = ROW.matcher(line);
				if (line.startsWith("Settings:")) {
					settings = settings(line.substring("Settings:".length()));
				} else if (row.matches()) {
					LocalDate date = LocalDate.parse(row.group(1));
					first = first == null ? date : first;
					assertEquals(Long.parseLong(row.group(2)), ChronoUnit.DAYS.between(first, date), id + " day column: " + line);
					addRow(history, date, row.group(3), row.group(4).trim(), id);
				} else if (line.startsWith("Expected:")) {
					inExpected = true;
				} else if (line.startsWith("Why:")) {
					inExpected = false;
				} else if (inExpected && line.startsWith("- ")) {
					expected.add(line.substring(2).trim());
				}
			}
			assertTrue(!expected.isEmpty(), id + " has no expectations");
			cases.add(new Case(id, h.group(2), settings, history.build(), expected));
		}
		return cases;
	}

	private static void addRow(PatientHistory.Builder history, LocalDate date, String input, String value, String id) {
		switch (input) {
			case "relapse" -> history.relapse(date);
			case "MRI" -> {
				Matcher m = Pattern.compile("T2=(\\d+) Gd=(\\d+)").matcher(value);
				assertTrue(m.matches(), id + " MRI value " + value);
				history.mri(date, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
			}
			default -> history.measurement(measure(input), date, Double.parseDouble(value));
		}
	}

	private static ProgressionSettings settings(String text) {
		ProgressionSettings.Builder b = ProgressionSettings.defaults().toBuilder();
		Matcher m = Pattern.compile("(\\w+)=(\\w+(?:\\.\\d+)?)").matcher(text);
		while (m.find()) {
			String v = m.group(2);
			switch (m.group(1)) {
				case "reference" -> b.reference(ReferenceMode.valueOf(v));
				case "edssBoundary" -> b.edssBoundary(Double.parseDouble(v));
				case "confirmationWeeks" -> b.confirmationWeeks(Integer.parseInt(v));
				case "sdmtRule" -> b.sdmtRule(SdmtRule.valueOf(v));
				case "progressionIncludesRaw" -> b.progressionIncludesRaw(Boolean.parseBoolean(v));
				case "relapseExclusionDays" -> b.relapseExclusionDays(Integer.parseInt(v));
				case "rawWindowDays" -> b.rawWindowDays(Integer.parseInt(v));
				case "piraDaysBefore" -> b.piraDaysBefore(Integer.parseInt(v));
				case "piraDaysAfter" -> b.piraDaysAfter(Integer.parseInt(v));
				default -> throw new IllegalArgumentException("unknown setting " + m.group(1));
			}
		}
		return b.build();
	}
}

package org.msfhir.analytics.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.msfhir.analytics.DateWindow;
import org.msfhir.analytics.ProgressionSettings;
import org.msfhir.analytics.ReferenceMode;
import org.msfhir.analytics.SdmtRule;

/**
 * The parameters of one {@code $ms-progression} call, checked: every setting of {@link ProgressionSettings}
 * (absent means its documented default), the activity window [{@code from}, {@code to}) and {@code persist}.
 * Each rule refuses with a 400 naming the parameter.
 */
record AnalysisRequest(ProgressionSettings settings, DateWindow window, boolean persist) {

	/** Default length of the activity window ending at {@code to}. */
	static final int DEFAULT_WINDOW_YEARS = 2;

	/** Collects the raw operation parameters; {@link #build()} checks them. */
	static final class Builder {
		private final ProgressionSettings.Builder settings = ProgressionSettings.defaults().toBuilder();
		private LocalDate from;
		private LocalDate to;
		private boolean persist;

		Builder reference(IPrimitiveType<String> v) {
			String s = text(v);
			if (s != null) {
				settings.reference(enumValue(ReferenceMode.class, s, "reference"));
			}
			return this;
		}

		Builder sdmtRule(IPrimitiveType<String> v) {
			String s = text(v);
			if (s != null) {
				settings.sdmtRule(enumValue(SdmtRule.class, s, "sdmt-rule"));
			}
			return this;
		}

		Builder edssDeltaFromZero(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "edss-delta-from-zero", 10);
			if (d != null) {
				settings.edssDeltaFromZero(d);
			}
			return this;
		}

		Builder edssDeltaUpToBoundary(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "edss-delta-up-to-boundary", 10);
			if (d != null) {
				settings.edssDeltaUpToBoundary(d);
			}
			return this;
		}

		Builder edssDeltaAboveBoundary(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "edss-delta-above-boundary", 10);
			if (d != null) {
				settings.edssDeltaAboveBoundary(d);
			}
			return this;
		}

		Builder edssBoundary(IPrimitiveType<java.math.BigDecimal> v) {
			if (v != null && v.getValue() != null) {
				double d = v.getValue().doubleValue();
				if (d < 0 || d > 10) {
					throw bad("edss-boundary", "must be an EDSS score from 0 to 10, got " + v.getValueAsString());
				}
				settings.edssBoundary(d);
			}
			return this;
		}

		Builder confirmationWeeks(IPrimitiveType<Integer> v) {
			Integer i = whole(v, "confirmation-weeks", 1, 520);
			if (i != null) {
				settings.confirmationWeeks(i);
			}
			return this;
		}

		Builder relapseExclusionDays(IPrimitiveType<Integer> v) {
			Integer i = whole(v, "relapse-exclusion-days", 0, 3650);
			if (i != null) {
				settings.relapseExclusionDays(i);
			}
			return this;
		}

		Builder rawWindowDays(IPrimitiveType<Integer> v) {
			Integer i = whole(v, "raw-window-days", 0, 3650);
			if (i != null) {
				settings.rawWindowDays(i);
			}
			return this;
		}

		Builder piraDaysBefore(IPrimitiveType<Integer> v) {
			Integer i = whole(v, "pira-days-before", 0, 3650);
			if (i != null) {
				settings.piraDaysBefore(i);
			}
			return this;
		}

		Builder piraDaysAfter(IPrimitiveType<Integer> v) {
			Integer i = whole(v, "pira-days-after", 0, 3650);
			if (i != null) {
				settings.piraDaysAfter(i);
			}
			return this;
		}

		Builder timedTestFraction(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "timed-test-fraction", 10);
			if (d != null) {
				settings.timedTestFraction(d);
			}
			return this;
		}

		Builder sdmtPoints(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "sdmt-points", 110);
			if (d != null) {
				settings.sdmtPoints(d);
			}
			return this;
		}

		Builder sdmtFraction(IPrimitiveType<java.math.BigDecimal> v) {
			Double d = positive(v, "sdmt-fraction", 1);
			if (d != null) {
				settings.sdmtFraction(d);
			}
			return this;
		}

		Builder progressionIncludesRaw(IPrimitiveType<Boolean> v) {
			if (v != null && v.getValue() != null) {
				settings.progressionIncludesRaw(v.getValue());
			}
			return this;
		}

		Builder from(IPrimitiveType<java.util.Date> v) {
			from = date(v, "from");
			return this;
		}

		Builder to(IPrimitiveType<java.util.Date> v) {
			to = date(v, "to");
			return this;
		}

		Builder persist(IPrimitiveType<Boolean> v) {
			persist = v != null && Boolean.TRUE.equals(v.getValue());
			return this;
		}

		AnalysisRequest build() {
			LocalDate end = to != null ? to : LocalDate.now(ZoneOffset.UTC).plusDays(1);
			LocalDate start = from != null ? from : end.minusYears(DEFAULT_WINDOW_YEARS);
			if (!start.isBefore(end)) {
				throw bad("from", "must be before to (the window is [from, to)), got from " + start + " and to " + end);
			}
			return new AnalysisRequest(settings.build(), new DateWindow(start, end), persist);
		}
	}

	static InvalidRequestException bad(String parameter, String problem) {
		return new InvalidRequestException("Parameter '" + parameter + "' " + problem);
	}

	private static String text(IPrimitiveType<String> v) {
		return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue().trim();
	}

	private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String parameter) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
		} catch (IllegalArgumentException e) {
			StringBuilder allowed = new StringBuilder();
			for (E c : type.getEnumConstants()) {
				allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
			}
			throw bad(parameter, "must be one of " + allowed + ", got '" + value + "'");
		}
	}

	private static Double positive(IPrimitiveType<java.math.BigDecimal> v, String parameter, double max) {
		if (v == null || v.getValue() == null) {
			return null;
		}
		double d = v.getValue().doubleValue();
		if (!(d > 0) || d > max) {
			throw bad(parameter, "must be a number above 0 and at most " + format(max) + ", got " + v.getValueAsString());
		}
		return d;
	}

	private static Integer whole(IPrimitiveType<Integer> v, String parameter, int min, int max) {
		if (v == null || v.getValue() == null) {
			return null;
		}
		int i = v.getValue();
		if (i < min || i > max) {
			throw bad(parameter, "must be a whole number from " + min + " to " + max + ", got " + i);
		}
		return i;
	}

	private static LocalDate date(IPrimitiveType<java.util.Date> v, String parameter) {
		if (v == null || v.getValueAsString() == null) {
			return null;
		}
		String text = v.getValueAsString();
		if (text.length() != 10) {
			throw bad(parameter, "must be a full date (YYYY-MM-DD), got '" + text + "'");
		}
		try {
			return LocalDate.parse(text);
		} catch (java.time.format.DateTimeParseException e) {
			throw bad(parameter, "must be a full date (YYYY-MM-DD), got '" + text + "'");
		}
	}

	private static String format(double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}
}

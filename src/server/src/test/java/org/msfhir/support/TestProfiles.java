package org.msfhir.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The Spring profiles of the integration tests: {@code postgres} and {@code test}, plus those named in
 * the system property {@value #EXTRA} (comma-separated; the Maven profile {@code overrides-off} sets it
 * to {@code overrides-off}).
 */
public final class TestProfiles implements ActiveProfilesResolver {

	/** System property with additional profiles. */
	public static final String EXTRA = "msfhir.test.profiles";

	@Override
	public String[] resolve(Class<?> testClass) {
		List<String> profiles = new ArrayList<>(List.of("postgres", "test"));
		profiles.addAll(extra());
		return profiles.toArray(String[]::new);
	}

	/** Whether the suite runs with every HAPI override switched off (profile {@code overrides-off}). */
	public static boolean overridesOff() {
		return extra().contains("overrides-off");
	}

	private static List<String> extra() {
		return Arrays.stream(System.getProperty(EXTRA, "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
				.toList();
	}
}

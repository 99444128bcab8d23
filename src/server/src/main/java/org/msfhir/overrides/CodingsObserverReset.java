package org.msfhir.overrides;

import java.lang.reflect.Field;
import java.util.List;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the list of codings an {@link InstanceValidator} has seen, so that one engine can validate
 * many resources without holding on to them.
 *
 * <p>The list feeds a check that runs at the end of each validation (and only for IPS), so it is
 * dead weight afterwards, but the validator offers no way to clear it; this reaches the private
 * fields. If a future validator version renames them, {@link #clear} returns false and the pool
 * falls back to retiring engines often ({@code ReusableInstanceValidator.USES_PER_ENGINE});
 * {@code MsResourceValidatorTest} notices the change.
 */
final class CodingsObserverReset {

	private static final Logger log = LoggerFactory.getLogger(CodingsObserverReset.class);
	private static final Field OBSERVER = field(InstanceValidator.class, "codingObserver");
	private static final Field LIST = field(CodingsObserver.class, "list");

	private CodingsObserverReset() {}

	/** Empties the engine's coding list; false if that is not possible with this validator version. */
	static boolean clear(InstanceValidator engine) {
		if (OBSERVER == null || LIST == null) {
			return false;
		}
		try {
			Object observer = OBSERVER.get(engine);
			if (observer != null && LIST.get(observer) instanceof List<?> list) {
				list.clear();
				return true;
			}
		} catch (IllegalAccessException | RuntimeException e) {
			log.debug("cannot clear the validator's coding list", e);
		}
		return false;
	}

	/** How many codings the engine holds (for tests); -1 if unknown. */
	static int size(InstanceValidator engine) {
		try {
			Object observer = OBSERVER.get(engine);
			return LIST.get(observer) instanceof List<?> list ? list.size() : -1;
		} catch (IllegalAccessException | RuntimeException e) {
			return -1;
		}
	}

	private static Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		} catch (ReflectiveOperationException | RuntimeException e) {
			log.warn("{}.{} not found: validator engines will be replaced every {} validations instead",
					type.getSimpleName(), name, ReusableInstanceValidator.USES_PER_ENGINE);
			return null;
		}
	}
}

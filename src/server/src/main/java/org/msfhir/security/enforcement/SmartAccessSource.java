package org.msfhir.security.enforcement;

import java.util.Optional;
import org.msfhir.security.SmartAccess;

/** Where the caller of the current request comes from (the validated token in the security context). */
@FunctionalInterface
public interface SmartAccessSource {

	/** The caller of the request being handled on this thread, or empty if it carries no token. */
	Optional<SmartAccess> current();
}

package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * HAPI's interceptor service logs every exception an interceptor throws at ERROR with a stack trace,
 * including the 403 of a refused request. Refusals are expected and already recorded by the audit
 * trail (logger {@code org.msfhir.audit}), so this filter drops exactly those log events and keeps
 * every other error of that logger.
 */
final class RefusalLogFilter extends TurboFilter {

	static final String HAPI_INTERCEPTOR_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

	/** Installs the filter if logging runs on Logback (Spring Boot's default). */
	static void install() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& context.getTurboFilterList().stream().noneMatch(RefusalLogFilter.class::isInstance)) {
			RefusalLogFilter filter = new RefusalLogFilter();
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	@Override
	public FilterReply decide(
			Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != Level.ERROR || logger == null || !HAPI_INTERCEPTOR_LOGGER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		Throwable thrown = t;
		if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
			thrown = last;
		}
		return thrown instanceof ForbiddenOperationException ? FilterReply.DENY : FilterReply.NEUTRAL;
	}
}

package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * HAPI's interceptor service logs every exception an interceptor throws at ERROR with a stack trace,
 * including the 403 of a refused request. Refusals are expected and already recorded by the audit
 * trail (logger {@code org.msfhir.audit}), so this filter drops exactly those log events and keeps
 * every other error of that logger.
 *
 * <p>It sits on the root logger's appenders, which see only events that are logged, rather than being
 * a Logback turbo filter: a turbo filter is asked about every level check of every logger (HAPI checks
 * {@code isTraceEnabled} for each element it parses or encodes), which cost ~1 % of the server's CPU on
 * ingest.
 */
final class RefusalLogFilter extends Filter<ILoggingEvent> {

	static final String HAPI_INTERCEPTOR_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

	/** Installs the filter on the root logger's appenders if logging runs on Logback (Spring Boot's default). */
	static void install() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			Iterator<Appender<ILoggingEvent>> appenders =
					context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
			while (appenders.hasNext()) {
				Appender<ILoggingEvent> appender = appenders.next();
				if (appender.getCopyOfAttachedFiltersList().stream().noneMatch(RefusalLogFilter.class::isInstance)) {
					RefusalLogFilter filter = new RefusalLogFilter();
					filter.start();
					appender.addFilter(filter);
				}
			}
		}
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		if (event.getLevel() != Level.ERROR || !HAPI_INTERCEPTOR_LOGGER.equals(event.getLoggerName())) {
			return FilterReply.NEUTRAL;
		}
		IThrowableProxy thrown = event.getThrowableProxy();
		return thrown instanceof ThrowableProxy proxy && proxy.getThrowable() instanceof ForbiddenOperationException
				? FilterReply.DENY
				: FilterReply.NEUTRAL;
	}
}

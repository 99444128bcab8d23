package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogFilterTest {

	private final LoggerContext context = new LoggerContext();
	private final RefusalLogFilter filter = new RefusalLogFilter();

	@Test
	void dropsOnlyRefusalsLoggedByHapisInterceptorService() {
		Logger hapi = context.getLogger(RefusalLogFilter.HAPI_INTERCEPTOR_LOGGER);
		Object[] refusal = {"X", "msg", new ForbiddenOperationException("no")};
		Object[] failure = {"X", "msg", new InternalErrorException("boom")};
		assertThat(filter.decide(event(hapi, Level.ERROR, refusal))).isEqualTo(FilterReply.DENY);
		assertThat(filter.decide(event(hapi, Level.ERROR, failure))).isEqualTo(FilterReply.NEUTRAL);
		assertThat(filter.decide(event(hapi, Level.WARN, refusal))).isEqualTo(FilterReply.NEUTRAL);
		Logger other = context.getLogger("org.example.Other");
		assertThat(filter.decide(event(other, Level.ERROR, refusal))).isEqualTo(FilterReply.NEUTRAL);
	}

	/** Installed on the running Logback's appenders: a refusal does not reach them, other errors do. */
	@Test
	void keepsRefusalsOutOfTheLog() {
		LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger root = running.getLogger(Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.setContext(running);
		appender.start();
		root.addAppender(appender);
		try {
			RefusalLogFilter.install();
			RefusalLogFilter.install(); // once per appender, however often it is called
			assertThat(appender.getCopyOfAttachedFiltersList()).hasSize(1);
			org.slf4j.Logger hapi = LoggerFactory.getLogger(RefusalLogFilter.HAPI_INTERCEPTOR_LOGGER);
			hapi.error("Exception thrown by interceptor: {}", "X", new ForbiddenOperationException("no"));
			hapi.error("Exception thrown by interceptor: {}", "X", new InternalErrorException("boom"));
			List<ILoggingEvent> logged = appender.list;
			assertThat(logged).singleElement()
					.satisfies(e -> assertThat(e.getThrowableProxy().getClassName()).endsWith("InternalErrorException"));
		} finally {
			root.detachAppender(appender);
		}
	}

	private static ILoggingEvent event(Logger logger, Level level, Object[] params) {
		return new LoggingEvent(Logger.class.getName(), logger, level, "{} {}", null, params);
	}
}

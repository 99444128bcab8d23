package org.msfhir.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class RefusalLogFilterTest {

	private final LoggerContext context = new LoggerContext();
	private final RefusalLogFilter filter = new RefusalLogFilter();

	@Test
	void dropsOnlyRefusalsLoggedByHapisInterceptorService() {
		Logger hapi = context.getLogger(RefusalLogFilter.HAPI_INTERCEPTOR_LOGGER);
		Object[] refusal = {"X", "msg", new ForbiddenOperationException("no")};
		Object[] failure = {"X", "msg", new InternalErrorException("boom")};
		assertThat(filter.decide(null, hapi, Level.ERROR, "{} {}", refusal, null)).isEqualTo(FilterReply.DENY);
		assertThat(filter.decide(null, hapi, Level.ERROR, "{} {}", failure, null)).isEqualTo(FilterReply.NEUTRAL);
		Logger other = context.getLogger("org.example.Other");
		assertThat(filter.decide(null, other, Level.ERROR, "{} {}", refusal, null)).isEqualTo(FilterReply.NEUTRAL);
	}
}

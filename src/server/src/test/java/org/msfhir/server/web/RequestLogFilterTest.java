package org.msfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ExtendWith(OutputCaptureExtension.class)
class RequestLogFilterTest {

	@Test
	void keepsASafeCallerId() {
		assertThat(RequestLogFilter.requestId("abc-123_X.y")).isEqualTo("abc-123_X.y");
		assertThat(RequestLogFilter.requestId("a".repeat(64))).isEqualTo("a".repeat(64));
	}

	@Test
	void replacesMissingOrUnsafeIdsWithAFreshRandomId() {
		String uuid = "[A-Za-z0-9]{16}";
		assertThat(RequestLogFilter.requestId(null)).matches(uuid);
		assertThat(RequestLogFilter.requestId("")).matches(uuid);
		assertThat(RequestLogFilter.requestId("two words")).matches(uuid);
		assertThat(RequestLogFilter.requestId("line\nbreak")).matches(uuid);
		assertThat(RequestLogFilter.requestId("x\" onload=\"")).matches(uuid);
		assertThat(RequestLogFilter.requestId("a".repeat(65))).matches(uuid);
		assertThat(RequestLogFilter.requestId(null)).isNotEqualTo(RequestLogFilter.requestId(null));
	}

	@Test
	void logsOneLineWithMethodPathStatusDurationAndId(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/fhir/Patient");
		request.addHeader(RequestLogFilter.HEADER, "trace-42");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				((MockHttpServletResponse) res).setStatus(201);
				assertThat(MDC.get(RequestLogFilter.MDC_KEY)).isEqualTo("trace-42");
				assertThat(req.getAttribute(RequestLogFilter.ATTRIBUTE)).isEqualTo("trace-42");
			}
		};

		// Other tests in this JVM may have set up logging with this logger quieter; this test needs INFO.
		Logger access = (Logger) LoggerFactory.getLogger("org.msfhir.access");
		Level before = access.getLevel();
		access.setLevel(Level.INFO);
		try {
			new RequestLogFilter().doFilter(request, response, chain);
		} finally {
			access.setLevel(before);
		}

		assertThat(response.getHeader(RequestLogFilter.HEADER)).isEqualTo("trace-42");
		assertThat(output.getOut().lines().filter(line -> line.contains("org.msfhir.access")))
				.singleElement()
				.asString()
				.containsPattern("POST /fhir/Patient 201 \\d+ms id=trace-42");
		assertThat(MDC.get(RequestLogFilter.MDC_KEY)).isNull();
	}
}

package org.msfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The flushes HAPI's JSON writer makes after every value must not reach the container (each one
 * commits the response and sends a network chunk), and the body must still arrive whole.
 */
class ResponseFlushFilterTest {

	private final ResponseFlushFilter filter = new ResponseFlushFilter();

	@Test
	void writerFlushesDuringTheRequestDoNotCommitTheResponse() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = (req, res) -> {
			for (int i = 0; i < 100; i++) {
				res.getWriter().write("{\"value\":" + i + "}");
				res.getWriter().flush();
				assertThat(res.isCommitted()).isFalse();
			}
		};
		filter.doFilter(new MockHttpServletRequest("GET", "/fhir/Patient"), response, chain);

		assertThat(response.isCommitted()).isFalse();
		response.flushBuffer(); // what the container does when the request completes
		assertThat(response.getContentAsString()).startsWith("{\"value\":0}").endsWith("{\"value\":99}");
	}

	@Test
	void streamFlushesDuringTheRequestDoNotCommitTheResponse() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = (req, res) -> {
			res.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
			res.getOutputStream().flush();
			assertThat(res.isCommitted()).isFalse();
			res.getOutputStream().write("def".getBytes(StandardCharsets.UTF_8), 0, 3);
		};
		filter.doFilter(new MockHttpServletRequest("GET", "/fhir/Patient"), response, chain);

		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getContentAsString()).isEqualTo("abcdef");
	}

	@Test
	void withoutTheFilterAFlushCommits() throws Exception {
		// the premise of the filter: a flush of the servlet writer commits (and on Tomcat sends) the response
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.getWriter().write("x");
		response.getWriter().flush();
		assertThat(response.isCommitted()).isTrue();
	}
}

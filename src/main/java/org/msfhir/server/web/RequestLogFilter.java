package org.msfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request (method, path, status, duration, request id) and an {@code X-Request-Id}
 * header on every response. A caller's own request id is kept if it looks safe to log; otherwise
 * a new one is made, so the id can tie a client's error report to the server log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLogFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";
	public static final String MDC_KEY = "requestId";
	private static final Logger LOG = LoggerFactory.getLogger("org.msfhir.access");
	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = requestId(request.getHeader(HEADER));
		long start = System.nanoTime();
		MDC.put(MDC_KEY, requestId);
		response.setHeader(HEADER, requestId);
		try {
			chain.doFilter(request, response);
		} finally {
			long millis = (System.nanoTime() - start) / 1_000_000;
			LOG.info(
					"{} {} {} {}ms id={}",
					request.getMethod(),
					request.getRequestURI(),
					response.getStatus(),
					millis,
					requestId);
			MDC.remove(MDC_KEY);
		}
	}

	static String requestId(String offered) {
		if (offered != null && SAFE_ID.matcher(offered).matches()) {
			return offered;
		}
		return UUID.randomUUID().toString();
	}
}

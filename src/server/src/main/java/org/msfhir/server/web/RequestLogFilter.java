package org.msfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
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
	/** Request attribute holding the id, read by the FHIR servlet so HAPI uses the same one. */
	public static final String ATTRIBUTE = RequestLogFilter.class.getName() + ".requestId";
	private static final Logger LOG = LoggerFactory.getLogger("org.msfhir.access");
	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	private static final int GENERATED_LENGTH = 16;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = requestId(request.getHeader(HEADER));
		long start = System.nanoTime();
		MDC.put(MDC_KEY, requestId);
		request.setAttribute(ATTRIBUTE, requestId);
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

	/**
	 * The caller's id if it is safe to log and echo (1-64 letters, digits, '.', '_', '-': no spaces,
	 * no control characters), else a new random one of 16 letters and digits. Sixteen because HAPI
	 * stores that much of the request id in {@code meta.source}: a generated id is kept whole there.
	 */
	static String requestId(String offered) {
		if (offered != null && SAFE_ID.matcher(offered).matches()) {
			return offered;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[GENERATED_LENGTH];
		for (int i = 0; i < id.length; i++) {
			id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
		}
		return new String(id);
	}
}

package org.msfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.common.OperationOutcomes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code hapi.fhir.max-request-size} with 413 and an OperationOutcome.
 * A declared Content-Length is checked up front; a chunked body (no length) is read up to the limit
 * first, because HAPI turns a failure half-way through reading into a server error. A gzip body
 * (Content-Encoding gzip) is unpacked here and the limit applies to the unpacked size too, so a
 * small compressed body cannot expand into gigabytes inside HAPI. A bean of {@code FhirServerConfig}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

	private static final String CONTENT_ENCODING = "Content-Encoding";

	private final long limit;

	/** @param limit the largest request body accepted, in bytes */
	public RequestSizeLimitFilter(long limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			refuse(response, "");
			return;
		}
		boolean gzip = isGzip(request);
		if (!gzip && (declared >= 0 || !hasBody(request))) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = readAtMostOneOverLimit(request.getInputStream());
		if (body.length > limit) {
			refuse(response, "");
			return;
		}
		if (gzip && body.length > 0) {
			// Unpacked here, not by HAPI, so that the limit also holds for what the body expands to.
			try (InputStream unpacked = new GZIPInputStream(new ByteArrayInputStream(body))) {
				body = readAtMostOneOverLimit(unpacked);
			} catch (IOException e) {
				OperationOutcomes.writeError(response, 400, OperationOutcome.IssueType.INVALID,
						"Request body has Content-Encoding gzip but is not valid gzip data");
				return;
			}
			if (body.length > limit) {
				refuse(response, " once decompressed");
				return;
			}
		}
		chain.doFilter(new BufferedRequest(request, body, gzip), response);
	}

	private byte[] readAtMostOneOverLimit(InputStream in) throws IOException {
		return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getHeader("Transfer-Encoding") != null;
	}

	private static boolean isGzip(HttpServletRequest request) {
		String encoding = request.getHeader(CONTENT_ENCODING);
		return encoding != null && (encoding.trim().equalsIgnoreCase("gzip") || encoding.trim().equalsIgnoreCase("x-gzip"));
	}

	private void refuse(HttpServletResponse response, String qualifier) throws IOException {
		OperationOutcomes.writeError(
				response,
				413,
				OperationOutcome.IssueType.TOOCOSTLY,
				"Request body is larger than the server's limit of " + limit + " bytes" + qualifier);
	}

	/**
	 * A request whose body has already been read into memory; if it was gzip, the body is the
	 * unpacked content and the Content-Encoding header is hidden, so nothing unpacks it again.
	 */
	static final class BufferedRequest extends HttpServletRequestWrapper {
		private final byte[] body;
		private final boolean hideContentEncoding;

		BufferedRequest(HttpServletRequest request, byte[] body, boolean hideContentEncoding) {
			super(request);
			this.body = body;
			this.hideContentEncoding = hideContentEncoding;
		}

		private boolean hidden(String name) {
			return hideContentEncoding && CONTENT_ENCODING.equalsIgnoreCase(name);
		}

		@Override
		public String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(this::hidden);
			return Collections.enumeration(names);
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
	}
}

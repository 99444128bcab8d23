package org.msfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends response bodies in full buffers instead of one network write per JSON value.
 *
 * <p>HAPI writes JSON through a Jackson {@code ObjectMapper} that flushes after every value it
 * writes ({@code FLUSH_AFTER_WRITE_VALUE}), and each flush of the servlet writer makes Tomcat send
 * an HTTP chunk: an 80 KB {@code $everything} answer left as about 1,800 chunks of 45 bytes, and the
 * flushes took a tenth of the server's CPU for that request. This filter ignores flushes of the
 * body writer and stream while the request runs; Tomcat still sends its buffer whenever it is full
 * and sends the rest when the response completes, so nothing is held back longer than the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class ResponseFlushFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new BufferedFlushResponse(response));
	}

	/** The response with flush-ignoring body writer and stream; everything else passes through. */
	static final class BufferedFlushResponse extends HttpServletResponseWrapper {

		private PrintWriter writer;
		private ServletOutputStream stream;

		BufferedFlushResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (writer == null) {
				writer = new PrintWriter(super.getWriter(), false) {
					@Override
					public void flush() {
						// sent when the container's buffer fills or the response completes
					}
				};
			}
			return writer;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (stream == null) {
				stream = new NoFlushOutputStream(super.getOutputStream());
			}
			return stream;
		}
	}

	/** A servlet output stream whose {@code flush()} does nothing. */
	private static final class NoFlushOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		NoFlushOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			delegate.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			delegate.write(b, off, len);
		}

		@Override
		public void flush() {
			// sent when the container's buffer fills or the response completes
		}

		@Override
		public void close() throws IOException {
			delegate.close();
		}

		@Override
		public boolean isReady() {
			return delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			delegate.setWriteListener(listener);
		}
	}
}

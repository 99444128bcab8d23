package org.msfhir.server.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.msfhir.common.OperationOutcomes;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page, as an OperationOutcome instead of an HTML page. Tomcat uses it
 * for requests it refuses before any servlet or Spring error page is reached, for example a URL
 * with an encoded NUL or an illegal character.
 */
public class OperationOutcomeErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known != null ? known.getReasonPhrase() : "HTTP " + status;
		String diagnostics = status == 400
				? "Bad Request: the server could not read the request line or URL (illegal or badly encoded characters)"
				: reason + " (refused by the web container)";
		byte[] body = OperationOutcomes.errorJson(OperationOutcomes.issueTypeFor(status), diagnostics);
		try {
			response.setContentType(OperationOutcomes.CONTENT_TYPE);
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(new String(body, StandardCharsets.UTF_8));
				response.finishResponse();
			}
		} catch (IOException | IllegalStateException e) {
			// The client is gone or the response is committed: nothing more can be sent.
		}
	}
}

package org.msfhir.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.msfhir.common.OperationOutcomes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page ({@code /error}) so that errors raised outside HAPI, such as a
 * path that exists nowhere, a filter's {@code sendError} or an exception in a Spring endpoint, come
 * back as a FHIR OperationOutcome. It never shows exception details: a 5xx names only the request
 * id, which leads to the server log.
 */
@RestController
public class FhirErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	public ResponseEntity<byte[]> error(HttpServletRequest request) {
		int status = status(request);
		byte[] body = OperationOutcomes.errorJson(
				OperationOutcomes.issueTypeFor(status), diagnostics(request, status));
		return ResponseEntity.status(status)
				.contentType(MediaType.parseMediaType(OperationOutcomes.CONTENT_TYPE))
				.body(body);
	}

	static String diagnostics(HttpServletRequest request, int status) {
		String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known != null ? known.getReasonPhrase() : "HTTP " + status;
		if (status >= 500) {
			return reason + " while handling " + path + " (request id "
					+ request.getAttribute(RequestLogFilter.ATTRIBUTE) + "; details are in the server log)";
		}
		if (status == 404) {
			return "Not Found: nothing at " + path + " (the FHIR API is under /fhir)";
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		boolean hasMessage = message != null && !message.toString().isBlank();
		return reason + " (" + path + ")" + (hasMessage ? ": " + message : "");
	}

	private static int status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return code instanceof Integer value && value >= 400 ? value : 500;
	}
}

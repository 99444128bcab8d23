package org.msfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.msfhir.common.OperationOutcomes;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class FhirErrorControllerTest {

	private final FhirErrorController controller = new FhirErrorController();

	@Test
	void notFoundNamesThePathAndTheFhirBase() {
		ResponseEntity<byte[]> response = controller.error(errorRequest(404, "/nope", null));
		assertThat(response.getStatusCode().value()).isEqualTo(404);
		assertThat(response.getHeaders().getContentType().toString()).startsWith("application/fhir+json");
		assertThat(body(response)).contains("\"code\":\"not-found\"").contains("nothing at /nope (the FHIR API is under /fhir)");
	}

	@Test
	void serverErrorsShowOnlyTheRequestIdNeverTheException() {
		MockHttpServletRequest request = errorRequest(500, "/boom", "java.lang.NullPointerException: secret detail");
		request.setAttribute(RequestLogFilter.ATTRIBUTE, "req-7");
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new NullPointerException("secret detail"));
		String body = body(controller.error(request));
		assertThat(body).contains("request id req-7").doesNotContain("secret").doesNotContain("NullPointer");
	}

	@Test
	void otherClientErrorsKeepTheirMessage() {
		String body = body(controller.error(errorRequest(405, "/fhir/x", "Method not allowed here")));
		assertThat(body).contains("Method Not Allowed (/fhir/x): Method not allowed here").contains("not-supported");
	}

	@Test
	void missingStatusIsTreatedAsServerError() {
		ResponseEntity<byte[]> response = controller.error(new MockHttpServletRequest());
		assertThat(response.getStatusCode().value()).isEqualTo(500);
	}

	@Test
	void issueTypesFollowTheStatus() {
		assertThat(OperationOutcomes.issueTypeFor(400)).isEqualTo(IssueType.INVALID);
		assertThat(OperationOutcomes.issueTypeFor(401)).isEqualTo(IssueType.LOGIN);
		assertThat(OperationOutcomes.issueTypeFor(403)).isEqualTo(IssueType.FORBIDDEN);
		assertThat(OperationOutcomes.issueTypeFor(413)).isEqualTo(IssueType.TOOCOSTLY);
		assertThat(OperationOutcomes.issueTypeFor(415)).isEqualTo(IssueType.NOTSUPPORTED);
		assertThat(OperationOutcomes.issueTypeFor(503)).isEqualTo(IssueType.EXCEPTION);
	}

	private static MockHttpServletRequest errorRequest(int status, String path, String message) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
		if (message != null) {
			request.setAttribute(RequestDispatcher.ERROR_MESSAGE, message);
		}
		return request;
	}

	private static String body(ResponseEntity<byte[]> response) {
		return new String(response.getBody(), StandardCharsets.UTF_8);
	}
}

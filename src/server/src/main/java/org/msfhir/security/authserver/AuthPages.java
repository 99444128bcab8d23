package org.msfhir.security.authserver;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.util.List;
import org.msfhir.security.authserver.PatientDirectory.PatientSummary;

/** The few HTML pages of the authorization server: login, patient picker, error. Plain and self-contained. */
final class AuthPages {

	private AuthPages() {}

	static String login(String txn, String clientName, List<String> scopes, String error) {
		StringBuilder scopeList = new StringBuilder();
		scopes.forEach(s -> scopeList.append("<li><code>").append(htmlEscape(s)).append("</code></li>"));
		return page("Sign in",
				"<h1>Sign in to MS FHIR Server</h1>"
						+ "<p><strong>" + htmlEscape(clientName) + "</strong> asks for access:</p><ul>" + scopeList + "</ul>"
						+ (error != null ? "<p class=\"error\" role=\"alert\">" + htmlEscape(error) + "</p>" : "")
						+ "<form method=\"post\" action=\"login\">"
						+ "<input type=\"hidden\" name=\"txn\" value=\"" + htmlEscape(txn) + "\">"
						+ "<label>User name <input name=\"username\" autocomplete=\"username\" required autofocus></label>"
						+ "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
						+ "<button type=\"submit\">Sign in and allow</button></form>");
	}

	static String patientPicker(String txn, String clientName, String query, List<PatientSummary> patients) {
		StringBuilder rows = new StringBuilder();
		for (PatientSummary patient : patients) {
			rows.append("<li><form method=\"post\" action=\"patient\">")
					.append("<input type=\"hidden\" name=\"txn\" value=\"").append(htmlEscape(txn)).append("\">")
					.append("<input type=\"hidden\" name=\"patient\" value=\"").append(htmlEscape(patient.id())).append("\">")
					.append("<button type=\"submit\">").append(htmlEscape(patient.name())).append("</button> ")
					.append("<span>").append(htmlEscape(patient.birthDate())).append(" &middot; Patient/")
					.append(htmlEscape(patient.id())).append("</span></form></li>");
		}
		return page("Choose a patient",
				"<h1>Choose a patient</h1><p>" + htmlEscape(clientName) + " will see this patient's record.</p>"
						+ "<form method=\"get\" action=\"patient\">"
						+ "<input type=\"hidden\" name=\"txn\" value=\"" + htmlEscape(txn) + "\">"
						+ "<label>Name <input name=\"q\" value=\"" + htmlEscape(query == null ? "" : query) + "\"></label>"
						+ "<button type=\"submit\">Search</button></form>"
						+ (patients.isEmpty() ? "<p>No patients found.</p>" : "<ul class=\"patients\">" + rows + "</ul>"));
	}

	static String error(String message) {
		return page("Authorization error", "<h1>Authorization error</h1><p class=\"error\">" + htmlEscape(message) + "</p>");
	}

	private static String page(String title, String body) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				+ "<title>" + htmlEscape(title) + " - MS FHIR Server</title><style>"
				+ "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}"
				+ "label{display:block;margin:.8rem 0}input{display:block;width:100%;padding:.4rem;margin-top:.2rem}"
				+ "button{padding:.5rem 1rem;margin-top:.5rem}.error{color:#b00020}ul.patients{list-style:none;padding:0}"
				+ "ul.patients li{margin:.4rem 0}code{background:#eef1f5;padding:0 .2rem}"
				+ "</style></head><body>" + body + "</body></html>";
	}
}

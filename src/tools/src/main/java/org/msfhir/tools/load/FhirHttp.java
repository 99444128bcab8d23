package org.msfhir.tools.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Thin HTTP access to a FHIR server for the tools: base URL plus an optional bearer token (a SMART
 * backend-services token, or none when the server runs in the open development mode).
 */
public final class FhirHttp {

	private static final String FHIR_JSON = "application/fhir+json";

	private final String baseUrl;
	private final String token;
	private final HttpClient client;

	public FhirHttp(String baseUrl, String token) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.token = token == null || token.isBlank() ? null : token;
		this.client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1) // the server speaks HTTP/1.1; an h2c upgrade attempt only adds latency
				.connectTimeout(Duration.ofSeconds(10))
				.build();
	}

	public String baseUrl() {
		return baseUrl;
	}

	/** Absolute URL of a path under the FHIR base (or the URL itself if already absolute). */
	public String url(String path) {
		return path.startsWith("http") ? path : baseUrl + "/" + path;
	}

	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)))
				.timeout(Duration.ofMinutes(5))
				.header("Accept", FHIR_JSON)
				// Searches must run, not be answered from HAPI's cache of recent identical searches.
				.header("Cache-Control", "no-cache");
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return client.send(
				request(path).header("Content-Type", FHIR_JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Posts a transaction or batch and asks for the minimal answer ({@code Prefer: return=minimal}):
	 * entries with status and location, without the server's informational outcome per entry.
	 */
	public HttpResponse<String> postMinimal(String body) throws IOException, InterruptedException {
		return client.send(
				request("").header("Content-Type", FHIR_JSON).header("Prefer", "return=minimal")
						.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}
}

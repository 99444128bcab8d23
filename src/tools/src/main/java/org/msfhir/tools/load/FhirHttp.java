package org.msfhir.tools.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.msfhir.tools.auth.TokenSource;

/**
 * Thin HTTP access to a FHIR server for the tools: base URL plus the bearer tokens of a
 * {@link TokenSource} (SMART backend services, renewed as they expire, a fixed token, or none when
 * the server runs in the open development mode). A request refused with 401 is sent once more with a
 * new token when the source can get one.
 */
public final class FhirHttp {

	private static final String FHIR_JSON = "application/fhir+json";
	private static final String AUTHORIZATION = "Authorization";

	private final String baseUrl;
	private final TokenSource tokens;
	private final HttpClient client;

	public FhirHttp(String baseUrl, String token) {
		this(baseUrl, TokenSource.fixed(token));
	}

	public FhirHttp(String baseUrl, TokenSource tokens) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.tokens = tokens;
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
		String token = tokens.token();
		if (token != null) {
			builder.header(AUTHORIZATION, "Bearer " + token);
		}
		return builder;
	}

	/** Sends a request built by {@link #request(String)}; after a 401, once more with a new token. */
	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		String sent = request.headers().firstValue(AUTHORIZATION).map(v -> v.replaceFirst("^Bearer ", "")).orElse(null);
		if (response.statusCode() == 401 && sent != null && tokens.refused(sent)) {
			HttpRequest again = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(AUTHORIZATION))
					.header(AUTHORIZATION, "Bearer " + tokens.token())
					.build();
			response = client.send(again, HttpResponse.BodyHandlers.ofString());
		}
		return response;
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build());
	}

	public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return send(request(path).header("Content-Type", FHIR_JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	/**
	 * Posts a transaction or batch and asks for the minimal answer ({@code Prefer: return=minimal}):
	 * entries with status and location, without the server's informational outcome per entry.
	 */
	public HttpResponse<String> postMinimal(String body) throws IOException, InterruptedException {
		return send(request("").header("Content-Type", FHIR_JSON).header("Prefer", "return=minimal")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}
}

package org.msfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.cors.CorsConfiguration;

/** The CORS settings ({@code hapi.fhir.cors.*}) decide which browser origins may call the server. */
class CorsConfigurationTest {

	@Test
	void onlyConfiguredOriginsAreAllowed() {
		CorsConfiguration config = FhirServerConfig.corsInterceptor(
						new FhirServerProperties.Cors(true, List.of("https://*.hospital.example"), true))
				.getConfig();
		assertThat(config.checkOrigin("https://ehr.hospital.example")).isEqualTo("https://ehr.hospital.example");
		assertThat(config.checkOrigin("https://evil.example")).isNull();
		assertThat(config.getAllowCredentials()).isTrue();
	}

	@Test
	void wildcardAllowsAnyOriginAndTheHeadersFhirClientsSend() {
		CorsConfiguration config =
				FhirServerConfig.corsInterceptor(new FhirServerProperties.Cors(true, List.of("*"), false)).getConfig();
		assertThat(config.checkOrigin("https://app.example.org")).isNotNull();
		assertThat(config.checkHeaders(List.of("Authorization", "Content-Type", "If-Match", "Prefer")))
				.hasSize(4);
		assertThat(config.checkHttpMethod(org.springframework.http.HttpMethod.PATCH)).isNotNull();
		assertThat(config.getExposedHeaders()).contains("Location", "ETag", "X-Request-Id");
	}
}

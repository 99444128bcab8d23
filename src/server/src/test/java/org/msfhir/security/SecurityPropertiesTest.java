package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {

	@Test
	void accessTokensLiveAtMostOneHour() {
		assertThatThrownBy(() -> properties(SecurityMode.EMBEDDED, Duration.ofMinutes(61), external("", "")))
				.hasMessageContaining("access-token-lifetime");
		assertThat(properties(SecurityMode.EMBEDDED, Duration.ofHours(1), external("", "")).accessTokenLifetime())
				.isEqualTo(Duration.ofHours(1));
	}

	@Test
	void scheduledKeyRotationIsOffOrAtLeastDaily() {
		assertThatThrownBy(() -> properties(SecurityMode.EMBEDDED, Duration.ofHours(1), external("", ""), Duration.ofHours(12)))
				.hasMessageContaining("signing-key-rotation");
		assertThat(properties(SecurityMode.EMBEDDED, Duration.ofHours(1), external("", ""), Duration.ZERO).signingKeyRotation())
				.isZero();
		assertThat(properties(SecurityMode.EMBEDDED, Duration.ofHours(1), external("", ""), Duration.ofDays(30))
				.signingKeyRotation()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void externalModeNeedsIssuerAndJwksUri() {
		assertThatThrownBy(() -> properties(SecurityMode.EXTERNAL, Duration.ofMinutes(5), external("https://idp", "")))
				.hasMessageContaining("jwks-uri");
		assertThat(properties(SecurityMode.EXTERNAL, Duration.ofMinutes(5), external("https://idp", "https://idp/jwks"))
						.mode())
				.isEqualTo(SecurityMode.EXTERNAL);
	}

	private static SecurityProperties.External external(String issuer, String jwks) {
		return new SecurityProperties.External(issuer, jwks, "");
	}

	private static SecurityProperties properties(SecurityMode mode, Duration lifetime, SecurityProperties.External ext) {
		return properties(mode, lifetime, ext, Duration.ofDays(90));
	}

	private static SecurityProperties properties(
			SecurityMode mode, Duration lifetime, SecurityProperties.External ext, Duration rotation) {
		return new SecurityProperties(mode, "", lifetime, Duration.ofHours(24), "key.json", Duration.ofMinutes(15), rotation,
				false, Duration.ofSeconds(5), List.of(), ext, List.of(), List.of());
	}
}

package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class DemoCredentialsGuardTest {

	@Test
	void demoCredentialsAreRefusedOnAnAddressReachableFromOtherMachines() {
		SecurityProperties demo = properties(
				List.of(client("demo-confidential", "demo-confidential-secret", "")),
				List.of(new SecurityProperties.User("practitioner", "ms-demo", "", "")));
		assertThatThrownBy(() -> DemoCredentialsGuard.check("0.0.0.0", demo))
				.hasMessageContaining("client demo-confidential")
				.hasMessageContaining("user practitioner")
				.hasMessageContaining("127.0.0.1");
		assertThatThrownBy(() -> DemoCredentialsGuard.check("", demo)).as("all interfaces").isInstanceOf(IllegalStateException.class);
		assertThatCode(() -> DemoCredentialsGuard.check("127.0.0.1", demo)).doesNotThrowAnyException();
	}

	@Test
	void encodedDemoSecretsAndThePublishedBackendKeyAreRecognised() {
		String bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("ms-demo");
		assertThatThrownBy(() -> DemoCredentialsGuard.check("10.0.0.5", properties(List.of(),
				List.of(new SecurityProperties.User("nurse", bcrypt, "", "")))))
				.hasMessageContaining("user nurse");
		assertThatThrownBy(() -> DemoCredentialsGuard.check("10.0.0.5", properties(
				List.of(client("backend", "", "{\"keys\":[{\"kid\":\"demo-backend-es384-1\"}]}")), List.of())))
				.hasMessageContaining("client backend");
	}

	@Test
	void ownSecretsAreFineAnywhere() {
		SecurityProperties own = properties(
				List.of(client("demo-confidential", "{noop}a-long-random-secret", "")),
				List.of(new SecurityProperties.User("practitioner", "correct horse battery", "", "")));
		assertThatCode(() -> DemoCredentialsGuard.check("0.0.0.0", own)).doesNotThrowAnyException();
	}

	private static SecurityProperties.Client client(String id, String secret, String jwks) {
		return new SecurityProperties.Client(id, "", secret, "", jwks, List.of(), List.of(), List.of());
	}

	private static SecurityProperties properties(List<SecurityProperties.Client> clients, List<SecurityProperties.User> users) {
		return new SecurityProperties(SecurityMode.EMBEDDED, "", Duration.ofHours(1), Duration.ofHours(24), "key.json", Duration.ofMinutes(15),
				Duration.ofDays(90), false, Duration.ofSeconds(5), List.of(), new SecurityProperties.External("", "", ""), clients, users);
	}
}

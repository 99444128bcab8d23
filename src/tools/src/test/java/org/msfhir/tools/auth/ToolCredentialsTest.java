package org.msfhir.tools.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from the environment or files; on the command line they are refused. */
class ToolCredentialsTest {

	private static final String BASE = "http://localhost:1/fhir";

	@TempDir
	Path folder;

	@Test
	void secretsGivenAsArgumentsAreRefusedWithoutEchoingThem() {
		for (String option : ToolCredentials.SECRET_OPTIONS) {
			Map<String, String> options = Map.of(option, "s3cret-value", "client-id", "loader");
			assertThatThrownBy(() -> ToolCredentials.from(options::get, Map.of(), BASE))
					.isInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining("--" + option + " is not accepted")
					.hasMessageNotContaining("s3cret-value");
		}
	}

	@Test
	void aFixedTokenComesFromTheEnvironmentOrAFile() throws Exception {
		assertThat(ToolCredentials.from(name -> null, Map.of("MSFHIR_TOKEN", "abc"), BASE).token()).isEqualTo("abc");
		Path file = Files.writeString(folder.resolve("token"), "from-file\n");
		Map<String, String> options = Map.of("token-file", file.toString());
		assertThat(ToolCredentials.from(options::get, Map.of(), BASE).token()).isEqualTo("from-file");
		assertThat(ToolCredentials.from(name -> null, Map.of(), BASE).token()).as("open server: no token").isNull();
	}

	@Test
	void aClientIdWithoutACredentialIsRefused() {
		Map<String, String> options = Map.of("client-id", "loader", "token-url", "http://localhost:1/token");
		assertThatThrownBy(() -> ToolCredentials.from(options::get, Map.of(), BASE))
				.hasMessageContaining("needs a credential");
		assertThat(ToolCredentials.from(options::get, Map.of("MSFHIR_CLIENT_SECRET", "x"), BASE))
				.isInstanceOf(ClientCredentialsTokens.class);
	}

	@Test
	void aPublicJwkIsNotAccepted() throws Exception {
		Path file = Files.writeString(folder.resolve("public.jwk.json"), new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
				com.nimbusds.jose.jwk.Curve.P_256).generate().toPublicJWK().toJSONString());
		Map<String, String> options = Map.of("client-id", "loader", "jwk-file", file.toString(), "token-url", "http://localhost:1/token");
		assertThatThrownBy(() -> ToolCredentials.from(options::get, Map.of(), BASE)).hasMessageContaining("no private part");
	}

	@Test
	void tokensAreRenewedBeforeTheyExpire() {
		assertThat(ClientCredentialsTokens.renewalMargin(3600)).isEqualTo(60);
		assertThat(ClientCredentialsTokens.renewalMargin(300)).isEqualTo(60);
		assertThat(ClientCredentialsTokens.renewalMargin(100)).isEqualTo(20);
		assertThat(ClientCredentialsTokens.renewalMargin(3)).isEqualTo(1);
	}
}

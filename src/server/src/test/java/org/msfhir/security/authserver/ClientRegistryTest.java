package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SecurityProperties;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class ClientRegistryTest {

	private final ClientRegistry registry =
			new ClientRegistry(List.of(), PasswordEncoderFactories.createDelegatingPasswordEncoder());

	private static SecurityProperties.Client client(String id, String secret, String jwks, List<String> redirects, List<String> grants) {
		return new SecurityProperties.Client(id, "", secret, "", jwks, redirects, List.of("system/*.rs"), grants);
	}

	@Test
	void plainSecretsAreHashedAndChecked() {
		RegisteredClient c = registry.register(client("conf", "top-secret", "", List.of("https://app/cb"), List.of()));
		assertThat(c.encodedSecret()).doesNotContain("top-secret").startsWith("{bcrypt}");
		assertThat(registry.secretMatches(c, "top-secret")).isTrue();
		assertThat(registry.secretMatches(c, "guess")).isFalse();
		assertThat(c.toString()).doesNotContain("bcrypt");
	}

	@Test
	void keyedClientsDefaultToClientCredentials() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
		RegisteredClient c = registry.register(client("backend", "", "{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}",
				List.of(), List.of()));
		assertThat(c.type()).isEqualTo("confidential-asymmetric");
		assertThat(c.grantTypes()).containsExactly(RegisteredClient.CLIENT_CREDENTIALS);
	}

	@Test
	void inconsistentRegistrationsAreRefused() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
		ECKey noKid = new ECKeyGenerator(Curve.P_384).generate();
		String publicJwks = "{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}";
		assertThatThrownBy(() -> registry.register(client("both", "s", publicJwks, List.of(), List.of())))
				.hasMessageContaining("either a secret or keys");
		assertThatThrownBy(() -> registry.register(client("priv", "", "{\"keys\":[" + key.toJSONString() + "]}", List.of(), List.of())))
				.hasMessageContaining("public keys only");
		assertThatThrownBy(() -> registry.register(client("nokid", "", "{\"keys\":[" + noKid.toPublicJWK().toJSONString() + "]}", List.of(), List.of())))
				.hasMessageContaining("kid");
		assertThatThrownBy(() -> registry.register(client("app", "", "", List.of(), List.of())))
				.hasMessageContaining("redirect URIs");
		assertThatThrownBy(() -> registry.register(client("pub", "", "", List.of("https://a/cb"), List.of("client_credentials"))))
				.hasMessageContaining("needs a secret or keys");
		assertThatThrownBy(() -> registry.register(client("frag", "", "", List.of("https://a/cb#x"), List.of())))
				.hasMessageContaining("invalid URL");
		assertThatThrownBy(() -> registry.register(client("bad id!", "s", "", List.of("https://a/cb"), List.of())))
				.hasMessageContaining("client_id");
		assertThat(registry.all()).isEmpty();
	}
}

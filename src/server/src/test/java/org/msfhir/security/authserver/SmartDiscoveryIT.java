package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;

class SmartDiscoveryIT extends OAuthTestSupport {

	@Test
	void smartConfigurationIsPublicJsonWithEveryField() {
		HttpResponse<String> response = send(anonymousRequest(".well-known/smart-configuration")
				.header("Accept", "text/html")
				.header("Origin", "https://app.example"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		JsonNode doc = json(response);
		String auth = "http://localhost:" + port + "/auth";
		assertThat(doc.path("issuer").asText()).isEqualTo(baseUrl());
		assertThat(doc.path("jwks_uri").asText()).isEqualTo(auth + "/jwks");
		assertThat(doc.path("authorization_endpoint").asText()).isEqualTo(auth + "/authorize");
		assertThat(doc.path("token_endpoint").asText()).isEqualTo(auth + "/token");
		assertThat(doc.path("introspection_endpoint").asText()).isEqualTo(auth + "/introspect");
		assertThat(doc.path("revocation_endpoint").asText()).isEqualTo(auth + "/revoke");
		assertThat(texts(doc.path("grant_types_supported")))
				.contains("authorization_code", "refresh_token", "client_credentials");
		assertThat(texts(doc.path("token_endpoint_auth_methods_supported"))).contains("private_key_jwt", "client_secret_basic");
		assertThat(texts(doc.path("token_endpoint_auth_signing_alg_values_supported"))).containsExactlyInAnyOrder("RS384", "ES384");
		assertThat(texts(doc.path("scopes_supported"))).contains("openid", "fhirUser", "launch/patient", "patient/*.rs", "system/*.rs");
		assertThat(texts(doc.path("response_types_supported"))).containsExactly("code");
		assertThat(texts(doc.path("code_challenge_methods_supported"))).containsExactly("S256");
		assertThat(texts(doc.path("capabilities"))).contains(
				"launch-ehr", "launch-standalone", "client-public", "client-confidential-symmetric",
				"client-confidential-asymmetric", "context-ehr-patient", "context-standalone-patient", "context-banner",
				"sso-openid-connect", "permission-offline", "permission-patient", "permission-user", "permission-v1",
				"permission-v2", "authorize-post");
	}

	@Test
	void publishedKeysVerifyTheServersTokens() throws Exception {
		JsonNode jwks = json(send(anonymousRequest(authUrl("jwks"))));
		com.nimbusds.jose.jwk.JWKSet set = com.nimbusds.jose.jwk.JWKSet.parse(jwks.toString());
		com.nimbusds.jwt.SignedJWT token = com.nimbusds.jwt.SignedJWT.parse(tokenFor("patient/*.rs", "123"));
		com.nimbusds.jose.jwk.RSAKey key = (com.nimbusds.jose.jwk.RSAKey) set.getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(key.isPrivate()).isFalse();
		assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))).isTrue();
	}

	@Test
	void openidConfigurationNamesTheSameIssuer() {
		JsonNode doc = json(send(anonymousRequest(".well-known/openid-configuration")));
		assertThat(doc.path("issuer").asText()).isEqualTo(baseUrl());
		assertThat(doc.path("jwks_uri").asText()).endsWith("/auth/jwks");
	}

	@Test
	void capabilityStatementAnnouncesSmartWithTheSameUrls() {
		HttpResponse<String> response = send(anonymousRequest("metadata?_format=json"));
		assertThat(response.statusCode()).isEqualTo(200);
		CapabilityStatement statement = fhirContext.newJsonParser().parseResource(CapabilityStatement.class, response.body());
		CapabilityStatement.CapabilityStatementRestSecurityComponent security = statement.getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getSystem())
				.isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		Extension uris = security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		assertThat(uris).isNotNull();
		JsonNode doc = json(send(anonymousRequest(".well-known/smart-configuration")));
		assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue()).isEqualTo(doc.path("authorization_endpoint").asText());
		assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(doc.path("token_endpoint").asText());
		assertThat(uris.getExtensionByUrl("introspect").getValue().primitiveValue()).isEqualTo(doc.path("introspection_endpoint").asText());
		assertThat(uris.getExtensionByUrl("revoke").getValue().primitiveValue()).isEqualTo(doc.path("revocation_endpoint").asText());
	}

	@Test
	void productionProfileHasNoDemoAccounts() {
		// The tests run with the postgres (production) profile: the quick-start demo clients are gone.
		HttpResponse<String> clients = send(anonymousRequest(authUrl("admin/clients"))
				.header("Authorization", "Bearer " + tokenFor("msfhir/admin", null)));
		assertThat(clients.statusCode()).isEqualTo(200);
		assertThat(clients.body()).doesNotContain("demo-app", "demo-confidential", "demo-backend");
	}

	@Test
	void adminApiNeedsTheAdminScope() {
		assertThat(send(anonymousRequest(authUrl("admin/clients"))).statusCode()).isEqualTo(401);
		assertThat(send(request(authUrl("admin/clients"))).statusCode()).isEqualTo(403);
	}

	private static List<String> texts(JsonNode array) {
		List<String> result = new ArrayList<>();
		array.forEach(node -> result.add(node.asText()));
		return result;
	}
}

package org.msfhir.tools.load;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.SigningKeys;
import org.msfhir.support.PostgresIntegrationTest;
import org.msfhir.tools.auth.ClientCredentialsTokens;
import org.msfhir.tools.auth.TokenSource;
import org.msfhir.tools.auth.ToolCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.msfhir.tools.synthetic.CohortGenerator;
import org.msfhir.tools.synthetic.CohortWriter;

/**
 * The loader puts a generated cohort into the running server: every resource, once; a refused bundle
 * is reported without stopping the rest; a load that outlasts its access token renews it.
 */
class CohortLoadIT extends PostgresIntegrationTest {

	private static final long SEED = 610;
	private static final int PATIENTS = 4;
	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);
	private static final int SLOW_BUNDLES = 6;

	@Autowired
	private JwtEncoder jwtEncoder;

	@Autowired
	private SigningKeys signingKeys;

	@TempDir
	Path folder;

	@Test
	void loadingAGeneratedFolderStoresEveryResourceOfEveryPatient() throws Exception {
		CohortGenerator generator = new CohortGenerator(SEED);
		new CohortWriter().write(generator, 0, PATIENTS, folder, CohortWriter.Format.NDJSON);
		Map<String, Integer> expected = new TreeMap<>();
		for (int i = 0; i < PATIENTS; i++) {
			for (Bundle.BundleEntryComponent e : generator.bundle(i).getEntry()) {
				expected.merge(e.getResource().fhirType(), 1, Integer::sum);
			}
		}

		ByteArrayOutputStream progress = new ByteArrayOutputStream();
		LoadResult result = new BundleLoader(toolHttp(), 2, new PrintStream(progress, true)).load(CohortFolder.bundles(folder));

		assertThat(result.errorMessages()).isEmpty();
		assertThat(result.bundles()).isEqualTo(PATIENTS);
		assertThat(result.patientIds()).hasSize(PATIENTS);
		assertThat(result.resources()).isEqualTo(expected.values().stream().mapToInt(Integer::intValue).sum());
		assertThat(progress.toString()).contains("[load] " + PATIENTS + "/" + PATIENTS + " patients").contains("errors 0");
		assertThat(progress.toString()).as("no terminal control characters when not writing to a terminal")
				.doesNotContain("\r").doesNotContain("\u001b");

		String subjects = "Patient/" + String.join(",Patient/", result.patientIds());
		Map<String, Integer> stored = new TreeMap<>();
		stored.put("Patient", count("Patient?_id=" + String.join(",", result.patientIds())));
		for (String type : List.of("Condition", "Observation", "MedicationStatement", "CarePlan")) {
			stored.put(type, count(type + "?subject=" + subjects));
		}
		assertThat(stored).isEqualTo(expected);
	}

	@Test
	void aBundleSentTwiceReusesThePatientThroughTheConditionalCreate() throws Exception {
		String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(new CohortGenerator(SEED + 1).bundle(0));
		List<Supplier<String>> twice = new ArrayList<>(List.of(() -> bundle));
		LoadResult first = new BundleLoader(toolHttp(), 1, null).load(twice);
		LoadResult second = new BundleLoader(toolHttp(), 1, null).load(twice);
		assertThat(first.errors()).isZero();
		assertThat(second.errors()).isZero();
		assertThat(second.patientIds()).isEqualTo(first.patientIds());
	}

	@Test
	void aRefusedBundleIsReportedWithItsFileWhileTheOthersLoad() throws Exception {
		String broken = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:1\","
				+ "\"resource\":{\"resourceType\":\"Observation\",\"status\":\"not-a-status\"},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
		var parser = FhirContext.forR4Cached().newJsonParser();
		CohortGenerator generator = new CohortGenerator(SEED + 2);
		Files.writeString(folder.resolve("a-good.json"), parser.encodeResourceToString(generator.bundle(0)));
		Files.writeString(folder.resolve("b-refused.json"), broken);
		Files.writeString(folder.resolve("c-good.json"), parser.encodeResourceToString(generator.bundle(1)));

		LoadResult result = new BundleLoader(toolHttp(), 1, null).load(CohortFolder.bundles(folder));

		assertThat(result.errors()).isEqualTo(1);
		assertThat(result.errorMessages()).singleElement().satisfies(message -> assertThat(message)
				.startsWith("b-refused.json: HTTP 400").contains("not-a-status"));
		assertThat(result.patientIds()).as("the bundles before and after the refused one are stored").hasSize(2);
	}

	@Test
	void aLoadThatOutlastsItsTokenRenewsItWithAClientSecret() throws Exception {
		try (ShortLivedTokenEndpoint endpoint = new ShortLivedTokenEndpoint(
				shortLivedIssuer(), baseUrl(), TEST_CLIENT_ID, "loader-secret", null, TOKEN_LIFETIME)) {
			ClientCredentialsTokens tokens = new ClientCredentialsTokens(endpoint.uri(), TEST_CLIENT_ID, "system/*.cruds",
					ClientCredentialsTokens.ClientAuthentication.secret("loader-secret"), Clock.systemUTC());
			LoadResult result = new BundleLoader(new FhirHttp(baseUrl(), tokens), 1, null).load(slowBundles(SEED + 3));

			assertThat(result.errorMessages()).isEmpty();
			assertThat(result.patientIds()).hasSize(SLOW_BUNDLES);
			assertThat(result.seconds()).as("the load outlasted a token").isGreaterThan(TOKEN_LIFETIME.toSeconds());
			assertThat(tokens.tokensIssued()).as("tokens renewed during the load").isGreaterThanOrEqualTo(2);
			// The first token expired during the load: without renewal the rest would have been refused
			// (once past the server's clock-skew allowance).
			assertThat(com.nimbusds.jwt.SignedJWT.parse(endpoint.issued.get(0)).getJWTClaimsSet().getExpirationTime())
					.isBefore(new java.util.Date());
		}
	}

	@Test
	void aLoadThatOutlastsItsTokenRenewsItWithPrivateKeyJwt() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_384).keyID("loader-key").algorithm(JWSAlgorithm.ES384).generate();
		Path jwkFile = folder.resolve("loader.jwk.json");
		Files.writeString(jwkFile, key.toJSONString());
		try (ShortLivedTokenEndpoint endpoint = new ShortLivedTokenEndpoint(
				shortLivedIssuer(), baseUrl(), TEST_CLIENT_ID, null, key.toPublicJWK(), TOKEN_LIFETIME)) {
			Map<String, String> options = Map.of("client-id", TEST_CLIENT_ID, "jwk-file", jwkFile.toString(),
					"token-url", endpoint.uri().toString());
			TokenSource tokens = ToolCredentials.from(options::get, Map.of(), baseUrl());
			LoadResult result = new BundleLoader(new FhirHttp(baseUrl(), tokens), 1, null).load(slowBundles(SEED + 4));

			assertThat(result.errorMessages()).isEmpty();
			assertThat(result.patientIds()).hasSize(SLOW_BUNDLES);
			assertThat(endpoint.issued).hasSizeGreaterThanOrEqualTo(2);
		}
	}

	/** Bundles that take a while to produce, so that the load lasts longer than a token. */
	private static List<Supplier<String>> slowBundles(long seed) {
		CohortGenerator generator = new CohortGenerator(seed);
		var parser = FhirContext.forR4Cached().newJsonParser();
		List<Supplier<String>> bundles = new ArrayList<>();
		for (int i = 0; i < SLOW_BUNDLES; i++) {
			int index = i;
			bundles.add(() -> {
				try {
					Thread.sleep(TOKEN_LIFETIME.toMillis() / 3);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return parser.encodeResourceToString(generator.bundle(index));
			});
		}
		return bundles;
	}

	/** The server's own signing key with a lifetime shorter than the loads above. */
	private AccessTokenIssuer shortLivedIssuer() {
		return new AccessTokenIssuer(jwtEncoder, signingKeys, TOKEN_LIFETIME);
	}

	/** The tools' HTTP access with the same credentials as the test base class (its one authentication hook). */
	private FhirHttp toolHttp() {
		String authorization = request("metadata").build().headers().firstValue("Authorization").orElse(null);
		return new FhirHttp(baseUrl(), authorization == null ? null : authorization.replaceFirst("^Bearer ", ""));
	}

	private int count(String search) throws Exception {
		var response = send(request(search + "&_summary=count"));
		assertThat(response.statusCode()).as(search).isEqualTo(200);
		return new ObjectMapper().readTree(response.body()).path("total").asInt(-1);
	}
}

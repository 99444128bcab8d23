package org.msfhir.security.authserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msfhir.security.token.AccessTokenIssuer;
import org.msfhir.security.token.SigningKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing-key rotation without downtime ({@code msfhir/admin} scope): {@code POST
 * /auth/admin/signing-keys/rotate} adds a key that is published at once and signs after {@code
 * msfhir.security.signing-key-publish-ahead}; keys whose tokens have all expired are dropped at the
 * same time. {@code GET /auth/admin/signing-keys} lists the key ids with the time each starts signing.
 */
@RestController
@ConditionalOnProperty(name = "msfhir.security.mode", havingValue = "embedded", matchIfMissing = true)
public class SigningKeyAdminEndpoint {

	private final SigningKeys keys;
	private final AccessTokenIssuer issuer;

	public SigningKeyAdminEndpoint(SigningKeys keys, AccessTokenIssuer issuer) {
		this.keys = keys;
		this.issuer = issuer;
	}

	@GetMapping("/auth/admin/signing-keys")
	public Map<String, Object> list() {
		return describe();
	}

	@PostMapping("/auth/admin/signing-keys/rotate")
	public ResponseEntity<Map<String, Object>> rotate() {
		// id tokens live as long as access tokens, so nothing signed outlives the access token lifetime
		String added = keys.rotate(issuer.lifetime());
		Map<String, Object> body = describe();
		body.put("added", added);
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	private Map<String, Object> describe() {
		String active = keys.activeKey().getKeyID();
		List<Map<String, Object>> list = keys.privateKeys().getKeys().stream()
				.map(key -> {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("kid", key.getKeyID());
					entry.put("signs_from", keys.signingFrom(key.toRSAKey()).toString());
					entry.put("active", key.getKeyID().equals(active));
					return entry;
				})
				.toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", active);
		body.put("keys", list);
		return body;
	}
}

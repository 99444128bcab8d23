package org.msfhir.bulkexport.deid;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link Deidentifier} of an export from the configured secret and the caller's research
 * project. Without a configured secret, de-identified exports are refused, except in development
 * mode, where a random key per start is used (pseudonyms then change at every restart).
 */
public class DeidentifierFactory {

	private static final Logger log = LoggerFactory.getLogger(DeidentifierFactory.class);
	static final String SECRET_SETTING = "msfhir.bulk-export.deidentification.secret";

	private final FhirContext fhirContext;
	private final Deidentification settings;
	private final byte[] secret;
	private final Map<String, String> projectOfClient = new HashMap<>();

	/**
	 * @param developmentMode security mode {@code open}: a missing secret is replaced by a random one
	 */
	public DeidentifierFactory(FhirContext fhirContext, Deidentification settings, boolean developmentMode) {
		this.fhirContext = fhirContext;
		this.settings = settings;
		for (Map.Entry<String, List<String>> project : settings.projects().entrySet()) {
			for (String client : project.getValue()) {
				String other = projectOfClient.put(client, project.getKey());
				if (other != null && !other.equals(project.getKey())) {
					throw new IllegalStateException("msfhir.bulk-export.deidentification.projects: client '" + client
							+ "' is listed in two projects (" + other + ", " + project.getKey() + ")");
				}
			}
		}
		if (settings.secret() == null || settings.secret().isBlank()) {
			if (developmentMode) {
				this.secret = new byte[32];
				new SecureRandom().nextBytes(this.secret);
				log.warn("{} is not set: de-identified exports use a random key that changes at every start"
						+ " (development mode only)", SECRET_SETTING);
			} else {
				this.secret = null;
				log.warn("{} (MSFHIR_DEID_SECRET) is not set: de-identified exports are refused until it is",
						SECRET_SETTING);
			}
		} else {
			if (settings.secret().length() < 16) {
				throw new IllegalStateException(SECRET_SETTING + " must have at least 16 characters");
			}
			this.secret = settings.secret().getBytes(StandardCharsets.UTF_8);
		}
	}

	/** Whether de-identified exports can run (a secret is configured, or development mode). */
	public boolean available() {
		return secret != null;
	}

	/** Why de-identified exports are refused; only meaningful when {@link #available()} is false. */
	public String unavailableReason() {
		return "De-identified exports are switched off on this server: the administrator must set " + SECRET_SETTING
				+ " (environment variable MSFHIR_DEID_SECRET, at least 16 characters) so that pseudonyms stay"
				+ " stable and private";
	}

	/** The research project of a client: its named project, or the client id itself. */
	public String projectOf(String clientId) {
		return projectOfClient.getOrDefault(clientId, clientId);
	}

	/** The de-identifier for exports by this client, keyed on its project. */
	public Deidentifier create(String clientId, String serverBase) {
		if (secret == null) {
			throw new IllegalStateException(unavailableReason());
		}
		String named = projectOfClient.get(clientId);
		String scope = named != null ? "project:" + named : "client:" + clientId;
		return new Deidentifier(fhirContext, new Pseudonymizer(secret, scope), settings, serverBase);
	}

	/** Whether this client's exports are always de-identified. */
	public boolean forcedFor(String clientId) {
		return settings.alwaysForClients().contains(clientId);
	}
}

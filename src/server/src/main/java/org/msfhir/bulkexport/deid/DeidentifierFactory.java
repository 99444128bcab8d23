package org.msfhir.bulkexport.deid;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the {@link Deidentifier} of an export job from the configured secret and rules. */
public class DeidentifierFactory {

	private static final Logger log = LoggerFactory.getLogger(DeidentifierFactory.class);

	private final FhirContext fhirContext;
	private final Deidentification settings;
	private final byte[] secret;

	public DeidentifierFactory(FhirContext fhirContext, Deidentification settings) {
		this.fhirContext = fhirContext;
		this.settings = settings;
		if (settings.secret() == null || settings.secret().isBlank()) {
			this.secret = new byte[32];
			new SecureRandom().nextBytes(this.secret);
			log.info("msfhir.bulk-export.deidentification.secret is not set: using a random key for this run");
		} else {
			if (settings.secret().length() < 16) {
				throw new IllegalStateException(
						"msfhir.bulk-export.deidentification.secret must have at least 16 characters");
			}
			this.secret = settings.secret().getBytes(StandardCharsets.UTF_8);
		}
	}

	public Deidentifier create(String jobId, String serverBase) {
		return new Deidentifier(fhirContext, new Pseudonymizer(secret, jobId), settings, serverBase);
	}

	/** Whether this client's exports are always de-identified. */
	public boolean forcedFor(String clientId) {
		return settings.alwaysForClients().contains(clientId);
	}
}

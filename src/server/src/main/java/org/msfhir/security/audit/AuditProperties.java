package org.msfhir.security.audit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit of access decisions ({@code msfhir.security.audit.*}).
 *
 * @param enabled record decisions at all (log line and AuditEvent)
 * @param store also store each decision as a FHIR AuditEvent (off: log line only)
 * @param queueCapacity decisions waiting to be stored; when full, new AuditEvents are dropped with
 *     a warning (the log line is still written) rather than slowing requests down
 * @param batchSize AuditEvents stored per database transaction
 * @param flushInterval longest time a decision waits before it is stored
 * @param unauthenticatedWindow requests without a valid token are audited one per source address
 *     and window, the rest of the window as one summary with a count
 */
@Validated
@ConfigurationProperties("msfhir.security.audit")
public record AuditProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean store,
		@DefaultValue("20000") @Min(1) int queueCapacity,
		@DefaultValue("200") @Min(1) int batchSize,
		@DefaultValue("500ms") @NotNull Duration flushInterval,
		@DefaultValue("1m") @NotNull Duration unauthenticatedWindow) {}

package org.msfhir.bulkexport;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the FHIR Bulk Data export ({@code msfhir.bulk-export.*}).
 *
 * @param directory where job output (NDJSON files) is written; one sub-folder per job
 * @param expiry how long a finished job and its files stay available (sent as {@code Expires})
 * @param workerThreads how many exports run at the same time; further jobs queue
 * @param maxQueuedJobs kick-offs beyond this many waiting or running jobs are refused with 429
 * @param retryAfter the {@code Retry-After} a client is told while a job runs
 * @param minPollInterval a client polling one job more often than this gets 429
 * @param batchSize resources loaded from the database per round trip
 * @param cleanupInterval how often expired jobs and their files are deleted
 * @param deidentification the de-identified export
 */
@Validated
@ConfigurationProperties("msfhir.bulk-export")
public record BulkExportProperties(
		@DefaultValue("./data/bulk-export") @NotBlank String directory,
		@DefaultValue("1h") @NotNull Duration expiry,
		@DefaultValue("1") @Min(1) @Max(16) int workerThreads,
		@DefaultValue("20") @Min(1) int maxQueuedJobs,
		@DefaultValue("2s") @NotNull Duration retryAfter,
		@DefaultValue("500ms") @NotNull Duration minPollInterval,
		@DefaultValue("500") @Min(10) @Max(5000) int batchSize,
		@DefaultValue("1m") @NotNull Duration cleanupInterval,
		@DefaultValue @Valid @NotNull Deidentification deidentification) {

	/**
	 * How the de-identified export works.
	 *
	 * @param secret HMAC key for pseudonyms and date offsets; never leaves the server. Required for
	 *     de-identified exports, except in security mode {@code open} (then a random key per start)
	 * @param alwaysForClients client ids whose exports are always de-identified, whatever they ask
	 * @param dateMode {@code shift} (all dates of one patient moved by the same offset), {@code month}
	 *     or {@code year} (dates generalised to that precision)
	 * @param maxShiftDays largest date offset in days, either direction ({@code shift} mode)
	 * @param postalCodeDigits leading characters of the postal code that are kept (0 = none)
	 * @param projects research project name to the client ids working in it: their de-identified
	 *     exports share pseudonyms and date shifts; a client in no project is a project of its own
	 * @param codeSystems code systems whose codes are kept besides the built-in list
	 */
	public record Deidentification(
			@DefaultValue("") String secret,
			@DefaultValue List<String> alwaysForClients,
			@DefaultValue("shift") @NotNull DateMode dateMode,
			@DefaultValue("180") @Min(1) @Max(3650) int maxShiftDays,
			@DefaultValue("0") @Min(0) @Max(5) int postalCodeDigits,
			@DefaultValue Map<String, List<String>> projects,
			@DefaultValue List<String> codeSystems) {

		public Deidentification {
			projects = projects == null ? Map.of() : Map.copyOf(projects);
			codeSystems = codeSystems == null ? List.of() : List.copyOf(codeSystems);
		}
	}

	/** How dates are made less identifying in a de-identified export. */
	public enum DateMode {
		SHIFT,
		MONTH,
		YEAR
	}
}

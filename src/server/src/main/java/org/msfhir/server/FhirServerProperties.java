package org.msfhir.server;

import ca.uhn.fhir.jpa.model.entity.StorageSettings.TagStorageModeEnum;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import org.msfhir.overrides.BundleCommitTransactionService;
import org.msfhir.server.input.UnknownElements;
import org.msfhir.overrides.ComboCode;
import org.msfhir.overrides.SingleWriteFlushListener;

/**
 * Settings of the FHIR endpoint itself ({@code hapi.fhir.*}): paging, request limits, CORS and the
 * public address. Database settings stay under Spring's own {@code spring.datasource.*}.
 *
 * @param serverAddress public base URL ({@code https://fhir.example.org/fhir}); empty means "derive it
 *     from the incoming request", which is right unless a proxy rewrites the host
 * @param defaultPageSize page size of a search without {@code _count}
 * @param maxPageSize upper limit of {@code _count}
 * @param maxRequestSize request bodies above this size are refused with 413
 * @param cors cross-origin settings for browser apps
 * @param storeRequestId keep the id of the writing request with each stored version (HAPI shows it in
 *     {@code meta.source} as {@code #id}); {@code false} drops it (it saves no write: each
 *     version row is written once either way, see {@link SingleWriteFlushListener})
 * @param tagStorageMode where {@code meta.tag}, {@code meta.profile} and {@code meta.security} are kept
 *     (HAPI's modes): {@code INLINE} in the stored resource itself, indexed like any other search
 *     parameter (the default: fewer rows to write and read); {@code VERSIONED} or {@code NON_VERSIONED}
 *     in tag tables beside it, which {@code $meta-add} and {@code $meta-delete} need
 * @param indexStorageOptimized index rows carry only the hash of their search parameter, not its name
 *     and resource type (HAPI's index storage optimisation; searches use the hashes either way): smaller
 *     rows, less to write. Changing it affects rows written afterwards; HAPI's {@code $reindex} rewrites
 *     the rest
 * @param storeComboCodeRows also store index rows of Observation's {@code combo-code}, which repeat those
 *     of {@code code} and {@code component-code}; searches read the latter either way ({@link ComboCode}).
 *     {@code true} keeps HAPI's own index synchronisation, like {@code msfhir.storage.combo-code-rows=false}
 * @param localBaseUrls further base URLs this server is or was reached under (old host names, a proxy's
 *     address): absolute references to them are stored and indexed as local references, like those to
 *     {@code serverAddress} (or, without one, to the address of the request). After adding one, run
 *     HAPI's {@code $reindex} so that existing data is indexed again
 * @param checkBundleCommit diagnostic: before a transaction bundle commits, ask Hibernate whether any
 *     entity changed after HAPI's last flush, and refuse the commit if one did (the tests run with it on;
 *     it costs what {@link BundleCommitTransactionService} saves; nothing to check with
 *     {@code msfhir.storage.bundle-commit-service=false})
 * @param parser how request bodies are parsed (unknown elements)
 */
@Validated
@ConfigurationProperties("hapi.fhir")
public record FhirServerProperties(
		String serverAddress,
		@Min(1) int defaultPageSize,
		@Min(1) int maxPageSize,
		@NotNull DataSize maxRequestSize,
		@NotNull Cors cors,
		@DefaultValue("true") boolean storeRequestId,
		@DefaultValue("INLINE") TagStorageModeEnum tagStorageMode,
		@DefaultValue("true") boolean indexStorageOptimized,
		@DefaultValue("false") boolean storeComboCodeRows,
		@DefaultValue("false") boolean checkBundleCommit,
		@DefaultValue Parser parser,
		@DefaultValue List<String> localBaseUrls) {

	/**
	 * How request bodies are parsed.
	 *
	 * @param unknownElements what happens to an element FHIR R4 does not define: {@code REJECT} (400
	 *     naming it, the default) or {@code WARN} (dropped, accepted, and named in a warning of the
	 *     response) for feeds that send extra elements
	 */
	public record Parser(@DefaultValue("REJECT") @NotNull UnknownElements unknownElements) {}

	/**
	 * CORS for browser-based apps (SMART apps run in the browser).
	 *
	 * @param enabled whether CORS headers are sent at all
	 * @param allowedOrigins origin patterns, for example {@code https://*.hospital.example}
	 * @param allowCredentials whether cookies and authorization headers may be sent cross-origin
	 */
	public record Cors(boolean enabled, List<String> allowedOrigins, boolean allowCredentials) {}
}

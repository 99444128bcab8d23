package org.msfhir.overrides;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculatorBridge;
import ca.uhn.fhir.jpa.dao.ResourceHistoryState;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's {@link ResourceHistoryCalculator} (which encodes a resource to the JSON that is stored, and
 * hashes it), without the encoding HAPI throws away in the first pass of a FHIR transaction.
 *
 * <p>HAPI stores each created entry of a transaction twice in memory: the first pass encodes and
 * hashes it while its references still name {@code urn:uuid:} placeholders; the second pass, after
 * the references are resolved, encodes and hashes it again, and only that text reaches the database
 * (rows are written once, at the flush; see {@link SingleWriteFlushListener}). The first encoding was
 * ~6 % of the server's CPU samples when ingesting patient bundles (JFR).
 * {@link TransactionIndexingExtractor}, which HAPI calls just before, marks a resource in exactly that
 * situation (first pass, transaction, no indexing); for a marked resource this calculator returns an
 * empty text and the hash of the empty text. The second pass always follows for a created entry, sees
 * a different hash, and stores the real text and hash. Without the extractor nothing is marked and
 * this calculator is HAPI's, which is why {@link OverridesConfig} uses it only together with the
 * extractor.
 *
 * <p>HAPI's hook is package-private: {@link ResourceHistoryCalculatorBridge} exposes it.
 */
public class TransactionFirstPassHistoryCalculator extends ResourceHistoryCalculatorBridge {

	/** User-data key on a resource whose next history calculation is the discarded first pass. */
	static final String FIRST_PASS = TransactionFirstPassHistoryCalculator.class.getName() + ".firstPass";

	private static final HashCode EMPTY_HASH = Hashing.sha256().hashUnencodedChars("");

	private final boolean oracle;

	public TransactionFirstPassHistoryCalculator(FhirContext fhirContext, boolean oracleDialect) {
		super(fhirContext, oracleDialect);
		this.oracle = oracleDialect;
	}

	@Override
	protected ResourceHistoryState calculateHistoryState(
			IBaseResource resource, ResourceEncodingEnum encoding, List<String> excludeElements) {
		if (!oracle && Boolean.TRUE.equals(resource.getUserData(FIRST_PASS))) {
			resource.setUserData(FIRST_PASS, null);
			return new ResourceHistoryState("", null, ResourceEncodingEnum.JSON, EMPTY_HASH);
		}
		return super.calculateHistoryState(resource, encoding, excludeElements);
	}
}

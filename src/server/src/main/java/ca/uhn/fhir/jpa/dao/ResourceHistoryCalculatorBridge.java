package ca.uhn.fhir.jpa.dao;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Opens HAPI's {@link ResourceHistoryCalculator} to subclasses outside this package. The method HAPI's
 * DAOs call to encode and hash a resource version is package-private, so an override has to be
 * declared here; this class does nothing but forward that call to a protected method.
 *
 * <p>The only class of the MS FHIR server inside HAPI's packages (see docs/hapi-customisations.md);
 * the behaviour lives in {@code org.msfhir.overrides.TransactionFirstPassHistoryCalculator}.
 */
public abstract class ResourceHistoryCalculatorBridge extends ResourceHistoryCalculator {

	protected ResourceHistoryCalculatorBridge(FhirContext fhirContext, boolean oracleDialect) {
		super(fhirContext, oracleDialect);
	}

	@Override
	final ResourceHistoryState calculateResourceHistoryState(
			IBaseResource resource, ResourceEncodingEnum encoding, List<String> excludeElements) {
		return calculateHistoryState(resource, encoding, excludeElements);
	}

	/** Called where HAPI calls its package-private method; HAPI's calculation unless overridden. */
	protected ResourceHistoryState calculateHistoryState(
			IBaseResource resource, ResourceEncodingEnum encoding, List<String> excludeElements) {
		return super.calculateResourceHistoryState(resource, encoding, excludeElements);
	}
}

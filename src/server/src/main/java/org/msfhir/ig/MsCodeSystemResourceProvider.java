package org.msfhir.ig;

import ca.uhn.fhir.jpa.rp.r4.CodeSystemResourceProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * HAPI's JPA CodeSystem provider with a {@code $subsumes} that works without a full-text index: it
 * answers from the CodeSystem resource where the server holds one with concepts (see
 * {@link LocalSubsumption}) and leaves the rest to HAPI. {@code $lookup} is HAPI's, with a clearer
 * not-found message.
 *
 * <p>The overrides carry no annotations on purpose: HAPI binds the annotated method of the superclass
 * and invoking it dispatches here, so the operation keeps HAPI's exact parameter definitions.
 */
public class MsCodeSystemResourceProvider extends CodeSystemResourceProvider {

	private final LocalSubsumption subsumption;

	public MsCodeSystemResourceProvider(LocalSubsumption subsumption) {
		this.subsumption = subsumption;
	}

	@Override
	public IBaseParameters subsumes(
			HttpServletRequest servletRequest,
			IPrimitiveType<String> codeA,
			IPrimitiveType<String> codeB,
			IPrimitiveType<String> system,
			IBaseCoding codingA,
			IBaseCoding codingB,
			IPrimitiveType<String> version,
			RequestDetails requestDetails) {
		String a = codingA != null ? codingA.getCode() : value(codeA);
		String b = codingB != null ? codingB.getCode() : value(codeB);
		String systemA = codingA != null ? codingA.getSystem() : value(system);
		String systemB = codingB != null ? codingB.getSystem() : value(system);
		if (a == null || b == null || systemA == null) {
			throw new InvalidRequestException(
					"$subsumes needs system, codeA and codeB (or codingA and codingB with a system)");
		}
		if (!systemA.equals(systemB)) {
			throw new InvalidRequestException("$subsumes: codingA and codingB are from different systems ("
					+ systemA + ", " + systemB + ")");
		}
		Optional<Parameters> local = subsumption.subsumes(systemA, a, b);
		if (local.isPresent()) {
			return local.get();
		}
		return super.subsumes(servletRequest, codeA, codeB, system, codingA, codingB, version, requestDetails);
	}

	/** HAPI's {@code $lookup}, with a not-found message that names the code and system asked for. */
	@Override
	public IBaseParameters lookup(
			HttpServletRequest servletRequest,
			IPrimitiveType<String> code,
			IPrimitiveType<String> system,
			IBaseCoding coding,
			IPrimitiveType<String> version,
			IPrimitiveType<String> displayLanguage,
			List<IPrimitiveType<String>> properties,
			RequestDetails requestDetails) {
		try {
			return super.lookup(servletRequest, code, system, coding, version, displayLanguage, properties, requestDetails);
		} catch (ResourceNotFoundException e) {
			String askedCode = coding != null ? coding.getCode() : value(code);
			String askedSystem = coding != null ? coding.getSystem() : value(system);
			throw new ResourceNotFoundException("$lookup: code '" + askedCode + "' is not known in code system "
					+ askedSystem + " on this server");
		}
	}

	private static String value(IPrimitiveType<String> type) {
		return type == null || type.isEmpty() ? null : type.getValue();
	}
}

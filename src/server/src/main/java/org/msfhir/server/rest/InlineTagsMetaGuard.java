package org.msfhir.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

/**
 * Active when {@code hapi.fhir.tag-storage-mode=INLINE}: tags, profiles and security labels are then
 * part of each stored version, while HAPI's {@code $meta-add} and {@code $meta-delete} still write to
 * the tag tables, which nothing reads in that mode (the call would answer 200 and change nothing a
 * client can see). So both are refused with 405 and left out of the CapabilityStatement; an update
 * (PUT or PATCH) changes {@code meta} like any other element.
 */
@Interceptor
public class InlineTagsMetaGuard {

	private static final Set<String> META_OPERATIONS = Set.of("meta-add", "meta-delete");

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean refuseMetaChanges(RequestDetails details) {
		String operation = details.getOperation();
		if (operation != null && META_OPERATIONS.contains(operation.replaceFirst("^\\$", ""))) {
			throw new MethodNotAllowedException(operation + " is not available: this server keeps tags, profiles"
					+ " and security labels inside each resource version (hapi.fhir.tag-storage-mode=INLINE)."
					+ " Change meta.tag, meta.profile or meta.security with an update (PUT or PATCH) instead.");
		}
		return true;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void hideMetaOperations(IBaseConformance conformance) {
		if (!(conformance instanceof CapabilityStatement statement)) {
			return;
		}
		for (CapabilityStatementRestComponent rest : statement.getRest()) {
			rest.getOperation().removeIf(op -> META_OPERATIONS.contains(op.getName()));
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				resource.getOperation().removeIf(op -> META_OPERATIONS.contains(op.getName()));
			}
		}
	}
}

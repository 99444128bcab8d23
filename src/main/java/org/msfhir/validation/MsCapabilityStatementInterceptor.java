package org.msfhir.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Lists the MS profiles as {@code supportedProfile} of their resource types in the
 * CapabilityStatement, from the packaged guide: HAPI derives that list from the StructureDefinitions
 * in the database, which are still being stored while the first CapabilityStatement is built.
 */
@Interceptor
public class MsCapabilityStatementInterceptor {

	private final Map<String, List<String>> profilesByType;

	public MsCapabilityStatementInterceptor(Map<String, List<String>> profilesByType) {
		this.profilesByType = profilesByType;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void addProfiles(IBaseConformance capabilities) {
		if (!(capabilities instanceof CapabilityStatement statement)) {
			return;
		}
		for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
			for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				for (String profile : profilesByType.getOrDefault(resource.getType(), List.of())) {
					boolean listed = resource.getSupportedProfile().stream()
							.map(CanonicalType::getValue)
							.anyMatch(profile::equals);
					if (!listed) {
						resource.addSupportedProfile(profile);
					}
				}
			}
		}
	}
}

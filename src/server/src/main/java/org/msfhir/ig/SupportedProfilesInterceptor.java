package org.msfhir.ig;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Adds the MS profiles to the CapabilityStatement as {@code supportedProfile} of their resource types,
 * so a client sees from {@code /metadata} which profiles the server holds and validates against.
 */
@Interceptor
public class SupportedProfilesInterceptor {

	private final Supplier<Map<String, List<String>>> profilesByType;

	public SupportedProfilesInterceptor(Supplier<Map<String, List<String>>> profilesByType) {
		this.profilesByType = profilesByType;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void addProfiles(IBaseConformance generated) {
		if (!(generated instanceof CapabilityStatement capabilities)) {
			return;
		}
		Map<String, List<String>> profiles = profilesByType.get();
		capabilities.getRest().forEach(rest -> rest.getResource().forEach(resource -> {
			for (String url : profiles.getOrDefault(resource.getType(), List.of())) {
				boolean listed = resource.getSupportedProfile().stream().anyMatch(p -> url.equals(p.getValue()));
				if (!listed) {
					resource.getSupportedProfile().add(new CanonicalType(url));
				}
			}
		}));
	}
}

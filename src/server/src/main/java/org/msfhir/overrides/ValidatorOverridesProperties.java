package org.msfhir.overrides;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Switches of the validator overrides ({@code msfhir.validation.*}, beside the settings of MS
 * validation itself), each on by default. See docs/hapi-customisations.md.
 *
 * @param pooledEngines validate with pooled, reused validator engines ({@link ReusableInstanceValidator});
 *     off: HAPI's {@code FhirInstanceValidator}, which builds a new engine per resource
 * @param validateOperation route HAPI's {@code $validate} of MS resources through the MS validator
 *     ({@link MsValidateOperationValidator}); off: HAPI's instance validator answers {@code $validate}
 *     with its own (database-backed) validation support
 */
@Validated
@ConfigurationProperties("msfhir.validation")
public record ValidatorOverridesProperties(
		@DefaultValue("true") boolean pooledEngines, @DefaultValue("true") boolean validateOperation) {}

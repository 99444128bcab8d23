package org.msfhir.validation;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.msfhir.guide.GuideClasspath;
import org.msfhir.server.FhirServerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.msfhir.overrides.ValidatorEngine;

/**
 * MS profile validation: the validator (built and warmed up once at startup), the write-time
 * interceptor and the warnings in responses. Its hook into HAPI's {@code $validate} and its validator
 * engines are overrides of HAPI ({@code org.msfhir.overrides.OverridesConfig}).
 */
@Configuration
@EnableConfigurationProperties(ValidationProperties.class)
public class MsValidationConfig {

	private static final Logger log = LoggerFactory.getLogger(MsValidationConfig.class);

	private static final String VALIDATED_RESOURCES =
			"MS resources validated, by a fast path for plain MS resources or the full validator";

	@Bean
	public MsResourceValidator msResourceValidator(
			FhirContext fhirContext,
			DefaultProfileValidationSupport coreDefinitions,
			ValidationProperties properties,
			@Value("${msfhir.ig.location:" + GuideClasspath.RESOURCES + "}") String guideLocation,
			MeterRegistry meterRegistry,
			ValidatorEngine.Factory engines) {
		MsGuideResources guide = MsGuideResources.read(fhirContext, guideLocation);
		if (guide.conformance().isEmpty()) {
			log.warn("No MS guide found at {}: resources claiming MS profiles will be refused as unknown profiles",
					guideLocation);
		}
		MsResourceValidator validator = MsResourceValidator.create(fhirContext, coreDefinitions, guide, engines);
		if (properties.warmUp()) {
			// with the fast path off, so the full validator really sees every example profile
			validator.setFastPathEnabled(false);
			new ValidatorWarmUp(validator).run(guide.examples());
		}
		validator.setFastPathEnabled(properties.fastPath());
		FunctionCounter.builder("msfhir.validation.resources", validator, MsResourceValidator::fastPathValidations)
				.tag("path", "fast")
				.description(VALIDATED_RESOURCES)
				.register(meterRegistry);
		FunctionCounter.builder("msfhir.validation.resources", validator, MsResourceValidator::fullValidations)
				.tag("path", "full")
				.description(VALIDATED_RESOURCES)
				.register(meterRegistry);
		return validator;
	}

	@Bean
	public MsWriteValidationInterceptor msWriteValidationInterceptor(
			FhirContext fhirContext,
			MsResourceValidator validator,
			IInterceptorService interceptorService,
			ValidationProperties properties) {
		MsWriteValidationInterceptor interceptor = new MsWriteValidationInterceptor(fhirContext, validator);
		if (properties.enabled()) {
			// The JPA-wide interceptor service: storage hooks fire there for REST and internal writes alike.
			interceptorService.registerInterceptor(interceptor);
		} else {
			log.warn("MS validation of writes is OFF (msfhir.validation.enabled=false): MS resources are stored unchecked");
		}
		return interceptor;
	}

	@Bean
	public FhirServerCustomizer validationWarningsCustomizer() {
		// The CapabilityStatement's supportedProfile list is the guide loader's (org.msfhir.ig).
		return server -> server.registerInterceptor(new ValidationWarningsInterceptor());
	}
}

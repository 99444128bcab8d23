package org.msfhir.validation;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of MS profile validation ({@code msfhir.validation.*}).
 *
 * @param enabled validate every write of an MS resource (create, update, patch, transaction and batch
 *     entries) against its MS profile and refuse it with 422 on errors; {@code false} stores MS
 *     resources unvalidated (for benchmarks and bulk migrations; {@code $validate} keeps working)
 * @param guideLocation Spring resource pattern of the packaged guide (profiles, terminology, examples)
 * @param warmUp validate the guide's examples once at startup, so that the first real request does not
 *     pay for snapshot generation and terminology expansion
 */
@Validated
@ConfigurationProperties("msfhir.validation")
public record ValidationProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("classpath*:ig/*.json") @NotBlank String guideLocation,
		@DefaultValue("true") boolean warmUp) {}

package org.msfhir.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of MS profile validation ({@code msfhir.validation.*}). The profiles are read from the
 * guide's one location setting, {@code msfhir.ig.location}.
 *
 * @param enabled validate every write of an MS resource (create, update, patch, transaction and batch
 *     entries) against its MS profile and refuse it with 422 on errors; {@code false} stores MS
 *     resources unvalidated (for benchmarks and bulk migrations; {@code $validate} keeps working)
 * @param warmUp validate the guide's examples once at startup, so that the first real request does not
 *     pay for snapshot generation and terminology expansion
 * @param fastPath accept MS measure observations, diagnoses, relapses, medication statements and care
 *     plans in their plain form without running the full validator ({@link MeasureFastPath},
 *     {@link ConditionFastPath}, {@link TreatmentFastPath}); anything else, and every rejection, still
 *     goes through it
 */
@Validated
@ConfigurationProperties("msfhir.validation")
public record ValidationProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean warmUp,
		@DefaultValue("true") boolean fastPath) {}

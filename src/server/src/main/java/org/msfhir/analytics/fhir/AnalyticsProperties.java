package org.msfhir.analytics.fhir;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the disease-course operations ({@code msfhir.analytics.*}).
 *
 * @param enabled       register {@code $ms-progression} and {@code $ms-summary}
 * @param maxGroupSize  largest Group that {@code Group/[id]/$ms-progression} analyses in one request
 * @param batchSize     patients whose data is read per database query at Group level
 */
@Validated
@ConfigurationProperties("msfhir.analytics")
public record AnalyticsProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("20000") @Min(1) int maxGroupSize,
		@DefaultValue("200") @Min(1) @Max(1000) int batchSize) {}

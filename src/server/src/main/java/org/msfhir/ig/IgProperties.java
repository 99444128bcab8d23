package org.msfhir.ig;

import jakarta.validation.constraints.NotBlank;
import org.msfhir.guide.GuideClasspath;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the MS implementation guide ({@code msfhir.ig.*}).
 *
 * @param enabled whether the guide feature is active at all (loader and capability statement profiles)
 * @param loadOnStartup whether the packaged profiles and terminology are stored into the server when it
 *     starts; off only for servers whose conformance resources are managed by other means
 * @param location Spring resource pattern of the packaged guide resources (one FHIR JSON resource per
 *     file); the build puts them in the classpath folder {@code ig/}
 * @param warmUp whether value sets written by a load are pre-expanded into HAPI's terminology tables
 *     before the server reports ready (otherwise HAPI's scheduled task does it within about ten minutes
 *     and answers from in-memory expansions until then)
 */
@Validated
@ConfigurationProperties("msfhir.ig")
public record IgProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean loadOnStartup,
		@DefaultValue(GuideClasspath.RESOURCES) @NotBlank String location,
		@DefaultValue("true") boolean warmUp) {}

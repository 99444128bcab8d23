package org.msfhir.security.enforcement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Scope enforcement settings ({@code msfhir.security.enforcement.*}).
 *
 * @param confineToLaunchPatient when a token carries a {@code patient} claim, confine its
 *     {@code user/} and {@code system/} scopes to that patient's compartment too (patient/ scopes
 *     always are). On by default: an app launched for one patient works on that patient only.
 */
@Validated
@ConfigurationProperties("msfhir.security.enforcement")
public record EnforcementProperties(@DefaultValue("true") boolean confineToLaunchPatient) {}

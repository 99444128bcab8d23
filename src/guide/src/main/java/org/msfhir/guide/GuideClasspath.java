package org.msfhir.guide;

/** Where the build puts the guide on the classpath: one FHIR JSON resource per file in the folder {@code ig/}. */
public final class GuideClasspath {

	/** Spring resource pattern of the packaged guide resources (the default of {@code msfhir.ig.location}). */
	public static final String RESOURCES = "classpath*:ig/*.json";

	private GuideClasspath() {}
}

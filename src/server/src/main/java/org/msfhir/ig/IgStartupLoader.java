package org.msfhir.ig;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Loads the guide once the application context is up and before the server reports itself ready
 * (Spring Boot publishes readiness only after the application runners finished). A failure stops the
 * startup: a server that claims MS profiles it does not hold would accept or reject data wrongly.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IgStartupLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(IgStartupLoader.class);

	private final IgProperties properties;
	private final IgPackageReader reader;
	private final IgLoader loader;
	private final IgTerminologyWarmUp warmUp;
	private final GuideCodeSystemSupport guideCodeSystems;
	private final ValidationSupportChain validationChain;
	private final GuideProfiles guideProfiles;

	public IgStartupLoader(
			IgProperties properties,
			IgPackageReader reader,
			IgLoader loader,
			IgTerminologyWarmUp warmUp,
			GuideCodeSystemSupport guideCodeSystems,
			ValidationSupportChain validationChain,
			GuideProfiles guideProfiles) {
		this.properties = properties;
		this.reader = reader;
		this.loader = loader;
		this.warmUp = warmUp;
		this.guideCodeSystems = guideCodeSystems;
		this.validationChain = validationChain;
		this.guideProfiles = guideProfiles;
	}

	@Override
	public void run(ApplicationArguments args) {
		IgPackage ig = reader.read(properties.location());
		guideCodeSystems.register(ig);
		if (!properties.loadOnStartup()) {
			log.info("MS guide not loaded at startup (msfhir.ig.load-on-startup=false)");
			guideProfiles.refresh();
			return;
		}
		IgLoader.Result result = loader.load(ig);
		log.info("MS guide {}: {} conformance resources, {} examples not stored, {} in {} ms",
				result.version(), ig.resources().size() + 1, ig.exampleCount(),
				result.changed() ? "loaded" : "unchanged", result.millis());
		// Anything HAPI cached about these code systems and value sets before the load is stale.
		validationChain.invalidateCaches();
		guideProfiles.refresh();
		if (properties.warmUp()) {
			warmUp.warmUp(ig);
		}
	}
}

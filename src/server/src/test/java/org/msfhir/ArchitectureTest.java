package org.msfhir;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.List;
import org.msfhir.security.SecurityMode;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.SmartAccess;
import org.msfhir.server.FhirServerCustomizer;
import org.msfhir.server.FhirServerProperties;
import org.msfhir.server.web.RequestLogFilter;
import org.msfhir.validation.MsResourceValidator;

/**
 * The package rules of the server (main classes only): features are removable units that share code only
 * through {@code common} (and the guide's constants), HAPI internals are replaced in {@code overrides}
 * only, and no packages depend on each other in a circle.
 */
// Only class folders of this build: HAPI's own jars are not imported (their classes are still known by name).
@AnalyzeClasses(packages = {"org.msfhir", "ca.uhn"},
		importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

	/** The feature packages; each may use its own subpackages. */
	static final List<String> FEATURES = List.of("bulkexport", "cohort", "clinical", "security", "validation", "ig");

	/**
	 * The server core types a feature may use: the hook that registers its providers and interceptors,
	 * the server's own settings (base URL) and the request id of the log lines.
	 */
	static final DescribedPredicate<JavaClass> SERVER_CORE_API =
			belongToAnyOf(FhirServerCustomizer.class, FhirServerProperties.class, RequestLogFilter.class);

	/**
	 * The one cross-feature use allowed: bulk export authorizes the export itself with the SMART scope
	 * model of {@code security} (scopes, the caller's access, whether security is on).
	 */
	static final DescribedPredicate<JavaClass> SECURITY_SCOPE_MODEL =
			belongToAnyOf(SmartAccess.class, SecurityMode.class, SecurityProperties.class)
					.or(resideInAPackage("org.msfhir.security.scope.."));

	/**
	 * The only classes that may use an override: configuration and settings (which wire and switch them)
	 * the application class (it imports the override configuration) and the validator, which runs on the pooled validator engine and serves {@code $validate}'s
	 * rerouting through the interface the override defines.
	 */
	static final DescribedPredicate<JavaClass> MAY_USE_OVERRIDES = resideInAPackage("org.msfhir.overrides..")
			.or(simpleNameEndingWith("Config"))
			.or(simpleNameEndingWith("Properties"))
			.or(belongToAnyOf(MsResourceValidator.class, org.msfhir.MsFhirServerApplication.class));

	/** The only class of ours in HAPI's packages: it needs package-private access to HAPI's transaction code. */
	static final String HAPI_PACKAGE_BRIDGE = "ca.uhn.fhir.jpa.dao.ResourceHistoryCalculatorBridge";

	@ArchTest
	static final ArchRule featuresDoNotUseEachOther = featureRules();

	@ArchTest
	static final ArchRule commonUsesNoFeature = noClasses().that().resideInAPackage("org.msfhir.common..")
			.should().dependOnClassesThat().resideInAnyPackage(
					"org.msfhir.server..", "org.msfhir.overrides..", "org.msfhir.bulkexport..", "org.msfhir.cohort..",
					"org.msfhir.clinical..", "org.msfhir.security..", "org.msfhir.validation..", "org.msfhir.ig..")
			.because("common is the shared infrastructure the features build on");

	@ArchTest
	static final ArchRule serverCoreUsesNoFeature = noClasses().that().resideInAPackage("org.msfhir.server..")
			.should().dependOnClassesThat().resideInAnyPackage(
					"org.msfhir.bulkexport..", "org.msfhir.cohort..", "org.msfhir.clinical..", "org.msfhir.security..",
					"org.msfhir.validation..", "org.msfhir.ig..")
			.because("features plug into the server through FhirServerCustomizer beans, not the other way round");

	@ArchTest
	static final ArchRule overridesOnlyFromConfiguration = classes()
			.that().resideInAPackage("org.msfhir..").and(not(MAY_USE_OVERRIDES))
			.should().onlyDependOnClassesThat(not(resideInAPackage("org.msfhir.overrides..")))
			.because("every replacement of a HAPI internal is wired and switched in configuration only");

	/** Features, server core, common and overrides: no circle between them. */
	@ArchTest
	static final ArchRule noCyclesBetweenTopLevelPackages = slices().matching("org.msfhir.(*)..").should().beFreeOfCycles();

	/**
	 * No circle between subpackages either. A feature's typed settings ({@code XProperties}) may be read
	 * by its subpackages. {@code security} is left out: its subpackages (audit, enforcement, web) still use
	 * each other both ways, until the shared access model moves out of {@code security.enforcement} and
	 * {@code security.audit}.
	 */
	@ArchTest
	static final ArchRule noCyclesBetweenPackages = slices().matching("org.msfhir.(**)")
			.that(DescribedPredicate.describe("are not security's", (Slice slice) -> !slice.getNamePart(1).startsWith("security")))
			.should().beFreeOfCycles()
			.ignoreDependency(DescribedPredicate.alwaysTrue(), simpleNameEndingWith("Properties"));

	@ArchTest
	static final ArchRule nothingOfOursInHapiPackagesButTheBridge = classes()
			.that().resideInAPackage("ca.uhn..").and().haveNameNotMatching(".*\\$.*")
			.should().haveFullyQualifiedName(HAPI_PACKAGE_BRIDGE)
			.because("our classes live in org.msfhir; only the bridge needs HAPI's package-private access");

	private static ArchRule featureRules() {
		ArchRule rule = null;
		for (String feature : FEATURES) {
			String[] others = FEATURES.stream().filter(f -> !f.equals(feature))
					.map(f -> "org.msfhir." + f + "..").toArray(String[]::new);
			DescribedPredicate<JavaClass> forbidden = resideInAnyPackage(others)
					.or(resideInAPackage("org.msfhir.server..").and(not(SERVER_CORE_API)));
			if (feature.equals("bulkexport")) {
				forbidden = forbidden.and(not(SECURITY_SCOPE_MODEL));
			}
			ArchRule one = noClasses().that().resideInAPackage("org.msfhir." + feature + "..")
					.should().dependOnClassesThat(forbidden)
					.because("features share code through org.msfhir.common only");
			rule = rule == null ? one : com.tngtech.archunit.lang.CompositeArchRule.of(rule).and(one);
		}
		return rule;
	}

	/** Named *suffix, or nested (also anonymously) in such a class. */
	private static DescribedPredicate<JavaClass> simpleNameEndingWith(String suffix) {
		return DescribedPredicate.describe("named *" + suffix, c -> {
			JavaClass outer = c;
			while (outer.getEnclosingClass().isPresent()) {
				outer = outer.getEnclosingClass().get();
			}
			return outer.getSimpleName().endsWith(suffix);
		});
	}
}

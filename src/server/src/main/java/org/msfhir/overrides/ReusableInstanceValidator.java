package org.msfhir.overrides;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.elementmodel.ParserBase;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * The FHIR validator engine ({@link InstanceValidator}) kept alive between validations, in a small pool.
 *
 * <p>Why not HAPI's {@code FhirInstanceValidator}: it builds a new {@code InstanceValidator} for every
 * resource, and that constructor alone (it reads the OID table from a CSV file and sets up a FHIRPath
 * engine over all StructureDefinitions) costs more than the rest of a validation. Reusing engines cut
 * warm validation time several-fold in measurements on this project. The work is the same engine and
 * rules; only the set-up is shared.
 *
 * <p>Two things keep memory flat. An engine remembers every coding it has seen (its {@code
 * CodingsObserver}, meant for one validation run, keeps each coding's element tree and has no reset):
 * {@link CodingsObserverReset} empties that list after each validation, and an engine is replaced
 * after {@value #USES_PER_ENGINE_WHEN_CLEARED} validations ({@value #USES_PER_ENGINE} if the list
 * cannot be emptied); without this a validating server ran out of a 1 GB heap after ~7,000 resources.
 * And engines live in a pool of at most {@code maxEngines}, not one per request thread (Tomcat may run
 * 200): validation is CPU-bound, more engines than cores only cost memory.
 */
public final class ReusableInstanceValidator implements ValidatorEngine {

	/** Validations an engine does before it is replaced (see the class comment). */
	public static final int USES_PER_ENGINE = 100;
	/** The same when the engine's coding list can be emptied after each validation. */
	public static final int USES_PER_ENGINE_WHEN_CLEARED = 50_000;

	private final WorkerContextValidationSupportAdapter worker;
	private final BlockingQueue<PooledEngine> idle;
	private final Semaphore permits;
	private final Map<String, StructureDefinition> profiles = new ConcurrentHashMap<>();

	public ReusableInstanceValidator(IValidationSupport chain, int maxEngines) {
		this.worker = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(chain);
		this.idle = new ArrayBlockingQueue<>(maxEngines);
		this.permits = new Semaphore(maxEngines);
	}

	/**
	 * An engine, its JSON parser and how often it has been used. Only one thread uses it at a time.
	 * The parser is kept too: {@code InstanceValidator.validate(InputStream)} builds a new one per call,
	 * and its constructor (a FHIRPath engine and profile utilities) was ~6 % of a validating server's CPU.
	 */
	private final class PooledEngine {
		final InstanceValidator engine = newEngine();
		final ParserBase parser = newParser();
		int uses;
	}

	private ParserBase newParser() {
		ParserBase parser = new TypeCachingJsonParser(worker);
		parser.setupValidation(ParserBase.ValidationPolicy.EVERYTHING);
		return parser;
	}

	private PooledEngine borrow() {
		permits.acquireUninterruptibly();
		PooledEngine pooled = idle.poll();
		return pooled != null ? pooled : new PooledEngine();
	}

	private void giveBack(PooledEngine pooled) {
		boolean cleared = CodingsObserverReset.clear(pooled.engine);
		if (++pooled.uses < (cleared ? USES_PER_ENGINE_WHEN_CLEARED : USES_PER_ENGINE)) {
			idle.offer(pooled);
		}
		permits.release();
	}

	@Override
	public int codingsHeldByIdleEngines() {
		int total = 0;
		for (PooledEngine pooled : idle) {
			int held = CodingsObserverReset.size(pooled.engine);
			if (held < 0) {
				return -1;
			}
			total += held;
		}
		return total;
	}

	private InstanceValidator newEngine() {
		InstanceValidator engine = new InstanceValidator(
				worker, null, new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
		engine.setAssumeValidRestReferences(true);
		engine.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		engine.setAnyExtensionsAllowed(true);
		engine.setResourceIdRule(IdStatus.OPTIONAL);
		engine.setNoTerminologyChecks(false);
		engine.setErrorForUnknownProfiles(true);
		engine.setUnknownCodeSystemsCauseErrors(false);
		engine.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
		engine.setNoExtensibleWarnings(true);
		engine.setNoBindingMsgSuppressed(false);
		engine.setAllowExamples(true);
		engine.setAllowXsiLocation(true);
		return engine;
	}

	@Override
	public List<SingleValidationMessage> validate(String json, Collection<String> profileUrls) {
		List<ValidationMessage> messages = new ArrayList<>();
		List<StructureDefinition> definitions = new ArrayList<>();
		for (String url : profileUrls) {
			StructureDefinition definition = profile(url);
			if (definition == null) {
				SingleValidationMessage unknown = new SingleValidationMessage();
				unknown.setSeverity(ResultSeverityEnum.ERROR);
				unknown.setMessage("Profile " + url + " is not known to this server");
				unknown.setMessageId("MS_PROFILE_UNKNOWN");
				return List.of(unknown);
			}
			definitions.add(definition);
		}
		PooledEngine pooled = borrow();
		try {
			// What InstanceValidator.validate(InputStream, ...) does, with the engine's own parser.
			List<ValidatedFragment> fragments =
					pooled.parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
			for (ValidatedFragment fragment : fragments) {
				if (fragment.getElement() != null) {
					pooled.engine.validate(null, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null,
							fragment.getElement(), definitions);
				}
				messages.addAll(fragment.getErrors());
			}
		} catch (java.io.IOException e) {
			throw new org.hl7.fhir.exceptions.FHIRException(e);
		} finally {
			giveBack(pooled);
		}
		List<SingleValidationMessage> result = new ArrayList<>(messages.size());
		for (ValidationMessage message : messages) {
			result.add(convert(message));
		}
		return result;
	}

	private StructureDefinition profile(String url) {
		StructureDefinition cached = profiles.get(url);
		if (cached == null) {
			cached = worker.fetchResource(StructureDefinition.class, url);
			if (cached != null) {
				profiles.put(url, cached);
			}
		}
		return cached;
	}

	private static SingleValidationMessage convert(ValidationMessage message) {
		SingleValidationMessage converted = new SingleValidationMessage();
		converted.setLocationString(message.getLocation());
		converted.setMessage(message.getMessage());
		converted.setMessageId(message.getMessageId());
		if (message.getLine() > 0) {
			converted.setLocationLine(message.getLine());
			converted.setLocationCol(message.getCol());
		}
		converted.setSeverity(switch (message.getLevel()) {
			case FATAL -> ResultSeverityEnum.FATAL;
			case ERROR -> ResultSeverityEnum.ERROR;
			case WARNING -> ResultSeverityEnum.WARNING;
			default -> ResultSeverityEnum.INFORMATION;
		});
		return converted;
	}
}

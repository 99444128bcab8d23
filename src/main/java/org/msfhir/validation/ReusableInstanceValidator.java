package org.msfhir.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * The FHIR validator engine ({@link InstanceValidator}) kept alive between validations, one per thread.
 *
 * <p>Why not HAPI's {@code FhirInstanceValidator}: it builds a new {@code InstanceValidator} for every
 * resource, and that constructor alone (it reads the OID table from a CSV file and sets up a FHIRPath
 * engine over all StructureDefinitions) costs more than the rest of a validation. Reusing the engine
 * per thread cut warm validation time several-fold in measurements on this project. The work is the
 * same engine and rules; only the set-up is shared.
 */
final class ReusableInstanceValidator {

	private final WorkerContextValidationSupportAdapter worker;
	private final ThreadLocal<InstanceValidator> perThread;
	private final Map<String, StructureDefinition> profiles = new ConcurrentHashMap<>();

	ReusableInstanceValidator(IValidationSupport chain) {
		this.worker = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(chain);
		this.perThread = ThreadLocal.withInitial(this::newEngine);
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

	/**
	 * Validates a resource (as JSON) against the given profiles in addition to the ones it claims.
	 */
	List<SingleValidationMessage> validate(String json, Collection<String> profileUrls) {
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
		InstanceValidator engine = perThread.get();
		engine.validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				Manager.FhirFormat.JSON, definitions);
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

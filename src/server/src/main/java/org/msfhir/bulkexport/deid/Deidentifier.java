package org.msfhir.bulkexport.deid;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.TimeType;
import org.msfhir.bulkexport.BulkExportProperties.DateMode;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;
import org.msfhir.common.PatientCompartment;

/**
 * De-identifies the resources of one export in place by keeping only what is on the allow-list
 * ({@link AllowList}); the rules are listed in {@code docs/bulk-export.md}. In short: per resource type
 * only the listed top-level elements; below them codes of well-known terminologies (system and code),
 * numbers, booleans, statuses, units, shifted dates and references to this server's resources (as
 * pseudonyms); every text, identifier, name, contact, attachment, narrative, uri, tag, security label,
 * extension not on the list and contained resource is dropped. One instance serves one export job on
 * one thread.
 */
public class Deidentifier {

	private static final Set<String> DROPPED_COMPOSITES = Set.of("HumanName", "ContactPoint", "Identifier",
			"Annotation", "Attachment", "Signature", "Narrative", "Meta", "ContactDetail", "RelatedArtifact",
			"Expression", "UsageContext", "DataRequirement", "TriggerDefinition", "ParameterDefinition");
	private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2,3}");
	private static final Pattern POSTAL = Pattern.compile("[A-Za-z0-9]+");
	private static final Pattern LOCAL_REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9.-]{1,64})(/_history/.*)?");
	private static final Pattern GUIDE_CANONICAL = Pattern.compile(Pattern.quote(AllowList.GUIDE_BASE) + "[A-Za-z]+/[A-Za-z0-9.-]+(\\|[0-9.]+)?");
	private static final String GROUP_CRITERION = "Group.characteristic.code";

	private final FhirContext fhirContext;
	private final FhirTerser terser;
	private final Pseudonymizer pseudonymizer;
	private final Deidentification settings;
	private final AllowList allowList;
	private final String serverBase;
	private final int currentYear;

	/** Date offset (days) of the resource being processed; 0 in generalising modes. */
	private int offsetDays;

	public Deidentifier(FhirContext fhirContext, Pseudonymizer pseudonymizer, Deidentification settings, String serverBase) {
		this.fhirContext = fhirContext;
		this.terser = fhirContext.newTerser();
		this.pseudonymizer = pseudonymizer;
		this.settings = settings;
		this.allowList = new AllowList(settings.codeSystems());
		this.serverBase = serverBase == null ? "" : stripSlash(serverBase);
		this.currentYear = Calendar.getInstance().get(Calendar.YEAR);
	}

	/** De-identifies the resource in place. */
	public void apply(IBaseResource resource) {
		Resource r = (Resource) resource;
		String type = r.fhirType();
		String id = r.getIdElement().getIdPart();
		localiseReferences(r);
		// A cohort Group's dates are its criteria, nobody's health data: they are not shifted.
		offsetDays = settings.dateMode() == DateMode.SHIFT && !"Group".equals(type)
				? pseudonymizer.dayOffset(dateOwner(r, type, id), settings.maxShiftDays())
				: 0;
		visitComposite(r, type, type, true);
		r.setMeta(null);
		r.setId(id == null ? null : type + "/" + pseudonymizer.pseudonym(type, id));
	}

	/** The pseudonymous id that {@code type/id} gets in this export. */
	public String pseudonym(String type, String id) {
		return pseudonymizer.pseudonym(type, id);
	}

	/** The patient this resource belongs to for date shifting, as {@code Patient/id}; else the resource itself. */
	String dateOwner(Resource resource, String type, String id) {
		if ("Patient".equals(type)) {
			return "Patient/" + id;
		}
		List<RuntimeSearchParam> params = new ArrayList<>(PatientCompartment.linkingParams(fhirContext, type));
		// subject and patient name the record's patient; performer, author, participant may name others
		params.sort(Comparator.comparingInt(p -> p.getName().equals("patient") ? 0 : p.getName().equals("subject") ? 1 : 2));
		for (RuntimeSearchParam param : params) {
			for (String path : param.getPathsSplit()) {
				String owner = patientIn(resource, path.trim());
				if (owner != null) {
					return owner;
				}
			}
		}
		return type + "/" + id;
	}

	private String patientIn(Resource resource, String path) {
		List<IBase> values;
		try {
			values = terser.getValues(resource, path.replaceAll("\\.where\\(.*\\)$", ""));
		} catch (RuntimeException e) {
			return null; // a FHIRPath the terser does not follow; other paths are tried
		}
		for (IBase value : values) {
			if (value instanceof Reference reference && reference.getReference() != null) {
				var ref = reference.getReferenceElement();
				if ("Patient".equals(ref.getResourceType()) && ref.getIdPart() != null && !ref.isAbsolute()) {
					return "Patient/" + ref.getIdPart();
				}
			}
		}
		return null;
	}

	/** Makes absolute references to this server relative, so the owning patient is found. */
	private void localiseReferences(Resource resource) {
		if (serverBase.isEmpty()) {
			return;
		}
		for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String ref = reference.getReference();
			if (ref != null && ref.startsWith(serverBase + "/")) {
				reference.setReference(ref.substring(serverBase.length() + 1));
			}
		}
	}

	private void visitComposite(IBase element, String path, String elementType, boolean resourceLevel) {
		BaseRuntimeElementCompositeDefinition<?> def =
				(BaseRuntimeElementCompositeDefinition<?>) fhirContext.getElementDefinition(element.getClass());
		if (def == null) {
			return;
		}
		for (BaseRuntimeChildDefinition child : def.getChildrenAndExtension()) {
			List<IBase> values = child.getAccessor().getValues(element);
			if (values.isEmpty()) {
				continue;
			}
			String name = child.getElementName().replace("[x]", "");
			boolean extension = name.equals("extension") || name.equals("modifierExtension");
			boolean dropAll = resourceLevel && !extension && !allowList.keepsElement(elementType, name);
			List<IBase> kept = new ArrayList<>(values.size());
			boolean changed = dropAll;
			if (!dropAll) {
				for (IBase value : values) {
					IBase result = process(path + "." + name, elementType, name, value);
					changed |= result != value;
					if (result != null) {
						kept.add(result);
					}
				}
			}
			if (changed) {
				child.getMutator().setValue(element, null);
				for (IBase value : kept) {
					child.getMutator().addValue(element, value);
				}
			}
		}
	}

	/** Returns the value to keep (possibly modified in place or replaced), or null to drop it. */
	private IBase process(String path, String parentType, String name, IBase value) {
		if (value instanceof Extension extension) {
			if (!allowList.keepsExtension(extension.getUrl())) {
				return null;
			}
			visitComposite(extension, path, "Extension", false);
			return extension.hasValue() || extension.hasExtension() ? extension : null;
		}
		if (value instanceof Enumeration<?> || value instanceof BooleanType || value instanceof IntegerType
				|| value instanceof DecimalType || value instanceof TimeType) {
			return value; // statuses and other bound codes, numbers, flags
		}
		if (value instanceof BaseDateTimeType date) {
			return deidentifyDate(date, name.equals("birthDate"));
		}
		if (value instanceof PrimitiveType<?>) {
			// string, markdown, uri, url, canonical, free-standing code, id, oid, uuid, base64
			return "Extension".equals(parentType) && name.equals("url") ? value : null;
		}
		if (value instanceof Resource) {
			return null; // contained resources
		}
		if (value instanceof Coding coding) {
			return coding(coding);
		}
		if (value instanceof CodeableConcept concept) {
			return concept(path, concept);
		}
		if (value instanceof Quantity quantity) {
			return quantity(quantity);
		}
		if (value instanceof Reference reference) {
			return reference(reference);
		}
		if (value instanceof Address address) {
			return generalise(address);
		}
		String type = ((Base) value).fhirType();
		if (DROPPED_COMPOSITES.contains(type)) {
			return null;
		}
		visitComposite(value, path, type, false);
		return ((Base) value).isEmpty() ? null : value;
	}

	private Coding coding(Coding coding) {
		return allowList.keepsCoding(coding.getSystem(), coding.getCode())
				? new Coding().setSystem(coding.getSystem()).setCode(coding.getCode())
				: null;
	}

	private CodeableConcept concept(String path, CodeableConcept concept) {
		CodeableConcept kept = new CodeableConcept();
		for (Coding coding : concept.getCoding()) {
			Coding allowed = coding(coding);
			if (allowed != null) {
				kept.addCoding(allowed);
			}
		}
		if (GROUP_CRITERION.equals(path)) {
			// Group.characteristic.code is required: the cohort criterion names are kept, anything else generalised
			String text = concept.getText();
			kept.setText(text != null && AllowList.COHORT_CRITERIA.contains(text) ? text : "criterion");
		}
		return kept.isEmpty() ? null : kept;
	}

	private Quantity quantity(Quantity quantity) {
		boolean ucum = AllowList.UCUM.equals(quantity.getSystem()) && allowList.keepsCoding(AllowList.UCUM, quantity.getCode());
		boolean age = quantity instanceof Age
				|| (AllowList.UCUM.equals(quantity.getSystem()) && "a".equals(quantity.getCode()));
		String code = quantity.getCode();
		quantity.getExtension().clear();
		quantity.setId(null);
		quantity.setUnit(null).setSystem(null).setCode(null);
		if (ucum) {
			quantity.setSystem(AllowList.UCUM).setCode(code).setUnit(code);
		}
		if (age && quantity.hasValue() && quantity.getValue().compareTo(BigDecimal.valueOf(89)) > 0) {
			// ages over 89 are pooled
			quantity.setValue(90);
			quantity.setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL);
		}
		return quantity.hasValue() ? quantity : null;
	}

	private Reference reference(Reference reference) {
		String ref = reference.getReference();
		if (ref == null) {
			return null;
		}
		var local = LOCAL_REFERENCE.matcher(ref);
		if (local.matches() && fhirContext.getResourceTypes().contains(local.group(1))) {
			return new Reference(local.group(1) + "/" + pseudonymizer.pseudonym(local.group(1), local.group(2)));
		}
		if (GUIDE_CANONICAL.matcher(ref).matches()) {
			return new Reference(ref); // a published artifact of the guide, e.g. a cohort's value set
		}
		return null; // other servers, urn:, contained (#), anything unexpected
	}

	private Address generalise(Address address) {
		Address kept = new Address();
		if (address.hasCountry() && COUNTRY.matcher(address.getCountry()).matches()) {
			kept.setCountry(address.getCountry());
		}
		int digits = settings.postalCodeDigits();
		if (digits > 0 && address.hasPostalCode()) {
			String postal = address.getPostalCode().replace(" ", "");
			if (POSTAL.matcher(postal).matches()) {
				kept.setPostalCode(postal.substring(0, Math.min(digits, postal.length())));
			}
		}
		return kept.isEmpty() ? null : kept;
	}

	private IBase deidentifyDate(BaseDateTimeType date, boolean birthDate) {
		if (date.getValue() == null) {
			return null;
		}
		date.getExtension().clear();
		date.setId(null);
		if (offsetDays != 0) {
			date.add(Calendar.DATE, offsetDays);
		}
		if (birthDate) {
			// the year of the shifted date: the same in every export of the project
			date.setPrecision(TemporalPrecisionEnum.YEAR);
			if (currentYear - date.getYear() > 89) {
				// ages over 89 are pooled: the birth year is that of a 90-year-old
				date.setValue(new DateType(String.valueOf(currentYear - 90)).getValue(), TemporalPrecisionEnum.YEAR);
			}
			return date;
		}
		TemporalPrecisionEnum target = switch (settings.dateMode()) {
			case MONTH -> TemporalPrecisionEnum.MONTH;
			case YEAR -> TemporalPrecisionEnum.YEAR;
			case SHIFT -> null;
		};
		if (target != null && date.getPrecision().ordinal() > target.ordinal()) {
			if (date instanceof InstantType) {
				return null; // instants cannot be less precise than seconds
			}
			date.setPrecision(target);
		}
		return date;
	}

	private static String stripSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

}

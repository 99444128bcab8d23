package org.msfhir.bulkexport.deid;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.msfhir.bulkexport.BulkExportProperties.DateMode;
import org.msfhir.bulkexport.BulkExportProperties.Deidentification;

/**
 * De-identifies the resources of one export in place. The rules (also in {@code docs/bulk-export.md}):
 * <ul>
 *   <li>removed: narrative, every HumanName, ContactPoint, Identifier, Annotation (notes), Attachment
 *       (photos, documents), Signature and base64 content; Patient.contact and multipleBirth;
 *       Reference.display and Reference.identifier; Meta.source and Meta.lastUpdated</li>
 *   <li>free text removed: every {@code string} and {@code markdown} value, except Coding.display
 *       and Quantity.unit (which come from code systems), so CodeableConcept.text, valueString,
 *       Dosage.text and string extensions go</li>
 *   <li>addresses: only the country and, if configured, the first N characters of the postal code stay</li>
 *   <li>ids: every resource id and every reference to this server becomes an HMAC pseudonym that is
 *       stable within the export; references to other servers and urn: references are removed</li>
 *   <li>dates: shifted by one offset per patient (all resources in the patient's compartment share
 *       it), or generalised to month or year; birth dates are reduced to the year (after the shift) and
 *       people older than 89 get the year that makes them 90; Age values over 89 become "&gt;= 90"</li>
 * </ul>
 * One instance serves one export job on one thread.
 */
public class Deidentifier {

	private static final Set<String> REMOVED_TYPES =
			Set.of("HumanName", "ContactPoint", "Identifier", "Annotation", "Attachment", "Signature", "Narrative",
					"base64Binary", "xhtml");
	private static final Set<String> FREE_TEXT_TYPES = Set.of("string", "markdown");
	private static final Set<String> QUANTITY_TYPES =
			Set.of("Quantity", "Age", "Duration", "Count", "Distance", "SimpleQuantity", "MoneyQuantity");

	private final FhirContext fhirContext;
	private final FhirTerser terser;
	private final Pseudonymizer pseudonymizer;
	private final Deidentification settings;
	private final String serverBase;
	private final int currentYear;

	/** Date offset (days) of the resource being processed; 0 in generalising modes. */
	private int offsetDays;

	public Deidentifier(FhirContext fhirContext, Pseudonymizer pseudonymizer, Deidentification settings, String serverBase) {
		this.fhirContext = fhirContext;
		this.terser = fhirContext.newTerser();
		this.pseudonymizer = pseudonymizer;
		this.settings = settings;
		this.serverBase = serverBase == null ? "" : stripSlash(serverBase);
		this.currentYear = Calendar.getInstance().get(Calendar.YEAR);
	}

	/** De-identifies the resource in place. */
	public void apply(IBaseResource resource) {
		Resource r = (Resource) resource;
		String type = r.fhirType();
		String id = r.getIdElement().getIdPart();
		localiseReferences(r);
		offsetDays = settings.dateMode() == DateMode.SHIFT
				? pseudonymizer.dayOffset(dateOwner(r, type, id), settings.maxShiftDays())
				: 0;
		if (id != null) {
			r.setId(type + "/" + pseudonymizer.pseudonym(type, id));
		}
		r.getMeta().setSource(null);
		r.getMeta().setLastUpdated(null);
		r.getMeta().setVersionId(null);
		visitComposite(r, type);
	}

	/**
	 * Makes references to this server relative and drops references to other servers and urn:
	 * references, so that compartment owners are found and nothing outside leaks.
	 */
	private void localiseReferences(Resource resource) {
		for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String ref = reference.getReference();
			if (ref == null) {
				continue;
			}
			if (!serverBase.isEmpty() && ref.startsWith(serverBase + "/")) {
				reference.setReference(ref.substring(serverBase.length() + 1));
			} else if (ref.contains(":")) {
				reference.setReference(null);
			}
		}
	}

	/** The patient whose date offset applies: the resource's Patient compartment owner, else itself. */
	private String dateOwner(Resource resource, String type, String id) {
		if ("Patient".equals(type)) {
			return "Patient/" + id;
		}
		try {
			List<IIdType> owners = terser.getCompartmentOwnersForResource("Patient", resource, Set.of());
			for (IIdType owner : owners) {
				if (owner.getIdPart() != null) {
					return "Patient/" + owner.getIdPart();
				}
			}
		} catch (RuntimeException e) {
			// A reference HAPI cannot resolve to an owner: the resource gets its own offset.
		}
		return type + "/" + id;
	}

	private void visitComposite(IBase element, String elementType) {
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
			String name = child.getElementName();
			List<IBase> kept = new ArrayList<>(values.size());
			boolean changed = false;
			for (IBase value : values) {
				IBase result = process(elementType, name, value);
				if (result != value) {
					changed = true;
				}
				if (result != null) {
					kept.add(result);
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

	/** Returns the value to keep (possibly modified in place or replaced), or null to remove it. */
	private IBase process(String parentType, String name, IBase value) {
		String type = ((org.hl7.fhir.r4.model.Base) value).fhirType();
		if (REMOVED_TYPES.contains(type)) {
			return null;
		}
		if (isPatientLike(parentType) && (name.equals("contact") || name.equals("multipleBirth[x]"))) {
			return null;
		}
		if (FREE_TEXT_TYPES.contains(type)) {
			boolean codeSystemText = ("Coding".equals(parentType) && name.equals("display"))
					|| (QUANTITY_TYPES.contains(parentType) && name.equals("unit"));
			return codeSystemText ? value : null;
		}
		if (value instanceof Reference reference) {
			return pseudonymize(reference);
		}
		if (value instanceof Address address) {
			return generalise(address);
		}
		if (value instanceof BaseDateTimeType date) {
			boolean birthDate = name.equals("birthDate");
			return deidentifyDate(date, birthDate);
		}
		if (value instanceof Quantity quantity) {
			generaliseAge(quantity);
		}
		if (value instanceof org.hl7.fhir.r4.model.PrimitiveType<?>) {
			return value;
		}
		if (value instanceof Resource contained) {
			if (contained.getIdElement().getIdPart() != null && !contained.getIdElement().getIdPart().startsWith("#")) {
				// contained ids are local ("#x") and stay; anything else is treated like a resource id
				contained.setId(pseudonymizer.pseudonym(contained.fhirType(), contained.getIdElement().getIdPart()));
			}
			contained.getMeta().setSource(null);
			contained.getMeta().setLastUpdated(null);
			contained.getMeta().setVersionId(null);
			visitComposite(contained, contained.fhirType());
			return value;
		}
		visitComposite(value, type);
		if (value instanceof org.hl7.fhir.r4.model.Extension extension && !extension.hasValue() && !extension.hasExtension()) {
			return null; // nothing left but the url
		}
		return value;
	}

	private static boolean isPatientLike(String type) {
		return "Patient".equals(type) || "RelatedPerson".equals(type) || "Person".equals(type);
	}

	private IBase pseudonymize(Reference reference) {
		reference.setDisplay(null);
		reference.setIdentifier(null);
		String ref = reference.getReference();
		if (ref != null) {
			String local = ref;
			if (!serverBase.isEmpty() && ref.startsWith(serverBase + "/")) {
				local = ref.substring(serverBase.length() + 1);
			}
			if (local.startsWith("#")) {
				// a contained resource: local, not identifying
			} else {
				String[] parts = local.split("/");
				if (parts.length >= 2 && !local.contains(":") && fhirContext.getResourceTypes().contains(parts[0])) {
					reference.setReference(parts[0] + "/" + pseudonymizer.pseudonym(parts[0], parts[1]));
				} else {
					reference.setReference(null);
				}
			}
		}
		visitExtensionsOnly(reference);
		return reference.isEmpty() ? null : reference;
	}

	private void visitExtensionsOnly(Reference reference) {
		if (reference.hasExtension()) {
			reference.getExtension().forEach(e -> visitComposite(e, "Extension"));
		}
	}

	private IBase generalise(Address address) {
		Address kept = new Address();
		if (address.hasCountry()) {
			kept.setCountry(address.getCountry());
		}
		int digits = settings.postalCodeDigits();
		if (digits > 0 && address.hasPostalCode()) {
			String postal = address.getPostalCode().replace(" ", "");
			kept.setPostalCode(postal.substring(0, Math.min(digits, postal.length())));
		}
		return kept.isEmpty() ? null : kept;
	}

	private IBase deidentifyDate(BaseDateTimeType date, boolean birthDate) {
		if (date.getValue() == null) {
			return null;
		}
		if (offsetDays != 0) {
			date.add(Calendar.DATE, offsetDays);
		}
		if (birthDate) {
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

	private static void generaliseAge(Quantity quantity) {
		boolean isAge = quantity instanceof Age
				|| ("http://unitsofmeasure.org".equals(quantity.getSystem()) && "a".equals(quantity.getCode()));
		if (isAge && quantity.hasValue() && quantity.getValue().compareTo(BigDecimal.valueOf(89)) > 0) {
			quantity.setValue(90);
			quantity.setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL);
		}
	}

	private static String stripSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}
}

package org.msfhir.ig;

import org.msfhir.guide.ConformanceTypes;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.ImplementationGuide.ImplementationGuideDefinitionResourceComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the packaged guide into the server's own JPA store, idempotently and versioned.
 *
 * <p>The stored ImplementationGuide carries the guide version and a digest of the packaged content
 * ({@link #DIGEST_EXTENSION}). If both match the package, nothing is written: a restart creates no new
 * history versions. Otherwise every conformance resource is written with an update (PUT) on its fixed
 * id in one transaction, the guide last, and resources the previous version listed but the new one no
 * longer has are deleted. HAPI suppresses updates that change nothing, so unchanged resources keep their
 * version even then.
 */
public class IgLoader {

	/** Extension on the stored ImplementationGuide recording which package content was loaded. */
	public static final String DIGEST_EXTENSION = IgPackageReader.CANONICAL_BASE
			+ "/StructureDefinition/ig-content-digest";

	private static final Logger log = LoggerFactory.getLogger(IgLoader.class);

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final ITermDeferredStorageSvc deferredStorage;

	public IgLoader(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			IFhirSystemDao<Bundle, ?> systemDao,
			ITermDeferredStorageSvc deferredStorage) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.systemDao = systemDao;
		this.deferredStorage = deferredStorage;
	}

	/** What a load did. */
	public record Result(String version, boolean changed, int written, int deleted, long millis) {}

	public Result load(IgPackage ig) {
		long start = System.nanoTime();
		ImplementationGuide packaged = ig.guide();
		String version = packaged.getVersion();
		ImplementationGuide stored = storedGuide(packaged.getIdElement().getIdPart());
		if (stored != null
				&& Objects.equals(stored.getVersion(), version)
				&& ig.digest().equals(digestOf(stored))) {
			log.info("MS guide {} already loaded ({} conformance resources); nothing written",
					version, ig.resources().size() + 1);
			return new Result(version, false, 0, 0, millisSince(start));
		}

		Set<String> keys = new LinkedHashSet<>();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (IBaseResource resource : ig.resources()) {
			keys.add(key(resource));
			put(transaction, (Resource) resource);
		}
		ImplementationGuide guide = guideToStore(packaged, ig, keys);
		put(transaction, guide);
		systemDao.transaction(new SystemRequestDetails(), transaction);

		int deleted = stored == null ? 0 : deleteDropped(stored, keys);
		// Concepts of large code systems and value set expansions are stored asynchronously by HAPI:
		// finish that now so that $lookup and $validate-code answer right after startup.
		deferredStorage.saveAllDeferred();
		log.info("MS guide {} loaded: {} conformance resources written (unchanged ones keep their version), "
						+ "{} dropped ones deleted, previous version {}",
				version, keys.size() + 1, deleted, stored == null ? "none" : stored.getVersion());
		return new Result(version, true, keys.size() + 1, deleted, millisSince(start));
	}

	private ImplementationGuide guideToStore(ImplementationGuide packaged, IgPackage ig, Set<String> keys) {
		ImplementationGuide guide = packaged.copy();
		guide.setId(packaged.getIdElement().toUnqualifiedVersionless());
		guide.getExtension().removeIf(e -> DIGEST_EXTENSION.equals(e.getUrl()));
		guide.addExtension(DIGEST_EXTENSION, new StringType(ig.digest()));
		// The stored guide lists what is stored: examples stay in the NPM package only (a reference to
		// an example that is not stored would break referential integrity).
		Set<String> listed = new LinkedHashSet<>();
		guide.getDefinition().getResource().removeIf(entry -> {
			String ref = entry.getReference().getReference();
			boolean keep = ref != null && keys.contains(ref) && listed.add(ref);
			return !keep;
		});
		for (IBaseResource resource : ig.resources()) {
			String key = key(resource);
			if (!listed.contains(key)) {
				guide.getDefinition().addResource(new ImplementationGuideDefinitionResourceComponent()
						.setReference(new Reference(key))
						.setExample(new BooleanType(false)));
			}
		}
		return guide;
	}

	private int deleteDropped(ImplementationGuide previous, Set<String> keys) {
		int deleted = 0;
		for (ImplementationGuideDefinitionResourceComponent entry : previous.getDefinition().getResource()) {
			IdType id = new IdType(entry.getReference().getReference());
			if (!id.hasResourceType() || !ConformanceTypes.isStored(id.getResourceType())
					|| keys.contains(id.toUnqualifiedVersionless().getValue())) {
				continue;
			}
			try {
				daoRegistry.getResourceDao(id.getResourceType()).delete(id, new SystemRequestDetails());
				deleted++;
				log.info("Deleted {}: no longer part of the MS guide", id.getValue());
			} catch (ResourceNotFoundException | ResourceGoneException e) {
				// already gone
			}
		}
		return deleted;
	}

	private ImplementationGuide storedGuide(String id) {
		try {
			return (ImplementationGuide) daoRegistry.getResourceDao("ImplementationGuide")
					.read(new IdType("ImplementationGuide", id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}

	private static String digestOf(ImplementationGuide guide) {
		var extension = guide.getExtensionByUrl(DIGEST_EXTENSION);
		return extension == null ? null : extension.getValue().primitiveValue();
	}

	private void put(Bundle transaction, Resource resource) {
		String key = key(resource);
		resource.setId(key);
		transaction.addEntry()
				.setFullUrl(key)
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(key);
	}

	private String key(IBaseResource resource) {
		return fhirContext.getResourceType(resource) + "/" + resource.getIdElement().getIdPart();
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}
}

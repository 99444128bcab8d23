package org.msfhir.ig;

import org.msfhir.guide.ConformanceTypes;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.util.FhirTerser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads the packaged guide from the classpath: parses every JSON resource, keeps the conformance
 * resources (see {@link ConformanceTypes}), gives each the fixed id taken from the last segment of its
 * canonical URL and computes a digest of the content, so the loader can tell whether it changed.
 */
public class IgPackageReader {

	/** Canonical base of every resource the project owns. */
	public static final String CANONICAL_BASE = "http://msfhir.org/fhir";

	public static final String GUIDE_ID = "msfhir";

	private static final Logger log = LoggerFactory.getLogger(IgPackageReader.class);
	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private final FhirContext fhirContext;
	private final ResourcePatternResolver resolver;

	public IgPackageReader(FhirContext fhirContext, ResourcePatternResolver resolver) {
		this.fhirContext = fhirContext;
		this.resolver = resolver;
	}

	/**
	 * Reads the package at a resource pattern such as {@code classpath*:ig/*.json}.
	 *
	 * @throws IllegalStateException if a file is not a FHIR resource, has no usable id, or two files
	 *     claim the same type and id: a broken package must stop the server, not half-load
	 */
	public IgPackage read(String location) {
		Resource[] files;
		try {
			files = resolver.getResources(location);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot list the guide resources at " + location, e);
		}
		Arrays.sort(files, Comparator.comparing(r -> String.valueOf(r.getFilename())));

		MessageDigest digest = sha256();
		Map<String, IBaseResource> byKey = new HashMap<>();
		List<IBaseResource> resources = new ArrayList<>();
		ImplementationGuide guide = null;
		int examples = 0;
		for (Resource file : files) {
			byte[] bytes = bytes(file);
			IBaseResource resource = parse(file, bytes);
			String type = fhirContext.getResourceType(resource);
			if (!ConformanceTypes.isStored(type)) {
				examples++;
				continue;
			}
			String id = fixedId(resource, file);
			resource.setId(type + "/" + id);
			if (byKey.put(type + "/" + id, resource) != null) {
				throw new IllegalStateException("guide package holds two " + type + " resources with id " + id);
			}
			digest.update(String.valueOf(file.getFilename()).getBytes(StandardCharsets.UTF_8));
			digest.update(bytes);
			if (resource instanceof ImplementationGuide ig && guide == null) {
				guide = ig;
			} else {
				resources.add(resource);
			}
		}
		resources.sort(Comparator.comparingInt(r -> ConformanceTypes.order(fhirContext.getResourceType(r))));
		if (guide == null) {
			log.warn("The guide package at {} has no ImplementationGuide resource; using a minimal one", location);
			guide = minimalGuide();
		}
		return new IgPackage(guide, resources, examples, HexFormat.of().formatHex(digest.digest()));
	}

	private IBaseResource parse(Resource file, byte[] bytes) {
		try {
			return fhirContext.newJsonParser().parseResource(new String(bytes, StandardCharsets.UTF_8));
		} catch (DataFormatException e) {
			throw new IllegalStateException("guide file " + file.getFilename() + " is not a FHIR R4 JSON resource: "
					+ e.getMessage(), e);
		}
	}

	/**
	 * The id of a project-owned resource is the last segment of its canonical URL (a fixed rule); a resource
	 * about an external system (a SNOMED CT fragment has the URL {@code http://snomed.info/sct}) keeps
	 * the id in its file.
	 */
	private String fixedId(IBaseResource resource, Resource file) {
		FhirTerser terser = fhirContext.newTerser();
		String url = terser.getSinglePrimitiveValueOrNull(resource, "url");
		String id = url != null && url.startsWith(CANONICAL_BASE + "/")
				? url.substring(url.lastIndexOf('/') + 1)
				: resource.getIdElement().getIdPart();
		if (id == null || !FHIR_ID.matcher(id).matches()) {
			throw new IllegalStateException("guide file " + file.getFilename()
					+ " has no usable id (canonical URL " + url + ")");
		}
		return id;
	}

	private static ImplementationGuide minimalGuide() {
		ImplementationGuide guide = new ImplementationGuide();
		guide.setId("ImplementationGuide/" + GUIDE_ID);
		guide.setUrl(CANONICAL_BASE + "/ImplementationGuide/" + GUIDE_ID);
		guide.setVersion("unpackaged");
		guide.setName("MsFhir");
		guide.setStatus(Enumerations.PublicationStatus.DRAFT);
		guide.setPackageId("msfhir.ig");
		guide.addFhirVersion(Enumerations.FHIRVersion._4_0_1);
		return guide;
	}

	private static byte[] bytes(Resource file) {
		try (InputStream in = file.getInputStream()) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read guide file " + file.getFilename(), e);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

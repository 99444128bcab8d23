package org.msfhir.bulkexport;

import org.msfhir.common.OperationOutcomes;
import org.msfhir.common.PrivateFiles;
import org.msfhir.common.PatientCompartment;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.bulkexport.deid.Deidentifier;
import org.msfhir.bulkexport.deid.DeidentifierFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.msfhir.common.ResourceReader;

/**
 * Runs one export job: works out the types and searches (request, {@code _typeFilter}, the caller's
 * grant, patient compartment), streams the ids, loads resources in batches, optionally de-identifies
 * and subsets them, and writes one NDJSON file per type. Each resource is encoded once, straight into
 * the file.
 */
public class ExportJobRunner {

	private static final Logger log = LoggerFactory.getLogger(ExportJobRunner.class);
	/** Patients per compartment search (an OR list of references). */
	private static final int PATIENT_CHUNK = 200;
	/**
	 * Shared reference data outside the Patient compartment that a Patient or Group export carries
	 * when its resources reference it (and {@code _type} is absent or names the type).
	 */
	public static final List<String> REFERENCED_TYPES = List.of("Medication", "Organization", "Practitioner");

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final ResourceReader reader;
	private final DeidentifierFactory deidentifiers;
	private final BulkExportProperties properties;

	public ExportJobRunner(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			ResourceReader reader,
			DeidentifierFactory deidentifiers,
			BulkExportProperties properties) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.reader = reader;
		this.deidentifiers = deidentifiers;
		this.properties = properties;
	}

	public void run(ExportJob job, String serverBase) {
		job.started(Instant.now());
		long start = System.nanoTime();
		List<OperationOutcome> problems = new ArrayList<>();
		try {
			ExportRequest request = job.request();
			List<String> patientIds = patientIds(request);
			List<String> types = types(job, problems);
			job.setTypes(types.size());
			Deidentifier deidentifier = request.deidentify() ? deidentifiers.create(job.ownerClientId(), serverBase) : null;
			References referenced = request.level() == ExportRequest.Level.SYSTEM ? null : new References(serverBase);
			if (referenced != null) {
				// at Patient and Group level these come only as referenced by the exported data
				types = new ArrayList<>(types);
				types.removeAll(REFERENCED_TYPES);
			}
			// ids first, so that the progress can say how many resources are to come
			java.util.Map<String, List<JpaPid>> idsByType = new java.util.LinkedHashMap<>();
			for (String type : types) {
				if (job.isCancelled()) {
					return;
				}
				idsByType.put(type, reader.findIds(type, searches(job, type, patientIds)));
			}
			job.addToTotal(idsByType.values().stream().mapToLong(List::size).sum());
			for (String type : types) {
				if (job.isCancelled()) {
					return;
				}
				job.exporting(type);
				List<JpaPid> ids = idsByType.remove(type);
				if (!ids.isEmpty()) {
					writeType(job, type, ids, deidentifier, referenced);
				}
				job.typeDone();
			}
			if (referenced != null) {
				writeReferenced(job, types, referenced, deidentifier);
			}
			if (request.since() != null) {
				writeDeleted(job, types, patientIds, deidentifier);
			}
			if (!problems.isEmpty()) {
				writeErrors(job, problems);
			}
			job.completed(Instant.now().plus(properties.expiry()));
			double seconds = (System.nanoTime() - start) / 1e9;
			log.info("Bulk export {} done: {} resources in {} s ({} resources/s)", job.id(), job.resourcesWritten(),
					String.format("%.2f", seconds), Math.round(job.resourcesWritten() / Math.max(seconds, 1e-3)));
		} catch (RuntimeException | IOException e) {
			log.error("Bulk export {} failed", job.id(), e);
			job.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
					Instant.now().plus(properties.expiry()));
		}
	}

	/** The patients the export is limited to; {@code null} when it is not limited. */
	private List<String> patientIds(ExportRequest request) {
		List<String> ids = null;
		if (request.level() == ExportRequest.Level.GROUP) {
			Group group = (Group) daoRegistry.getResourceDao("Group")
					.read(new org.hl7.fhir.r4.model.IdType("Group", request.groupId()), new SystemRequestDetails());
			LinkedHashSet<String> members = new LinkedHashSet<>();
			for (Group.GroupMemberComponent member : group.getMember()) {
				String ref = member.getEntity().getReferenceElement().getValue();
				if (member.getInactive() || ref == null) {
					continue;
				}
				var idType = member.getEntity().getReferenceElement();
				if ("Patient".equals(idType.getResourceType()) && idType.getIdPart() != null) {
					members.add(idType.getIdPart());
				}
			}
			ids = new ArrayList<>(members);
		}
		if (!request.patients().isEmpty()) {
			if (ids == null) {
				ids = new ArrayList<>(new LinkedHashSet<>(request.patients()));
			} else {
				ids.retainAll(new HashSet<>(request.patients()));
			}
		}
		return ids;
	}

	/** The types to export: requested (or all) ∩ readable by the caller; the rest is reported. */
	private List<String> types(ExportJob job, List<OperationOutcome> problems) {
		ExportRequest request = job.request();
		List<String> candidates = new ArrayList<>();
		if (!request.types().isEmpty()) {
			candidates.addAll(request.types());
		} else {
			for (String type : new TreeSet<>(daoRegistry.getRegisteredDaoTypes())) {
				if (request.level() == ExportRequest.Level.SYSTEM || PatientCompartment.isCompartmentType(fhirContext, type)) {
					candidates.add(type);
				}
			}
			if (request.level() == ExportRequest.Level.PATIENT) {
				// other teams' cohorts list these patients too: only exported when _type asks
				candidates.remove("Group");
			}
			// Patients first: readers of the files usually load them first.
			if (candidates.remove("Patient")) {
				candidates.add(0, "Patient");
			}
		}
		List<String> types = new ArrayList<>();
		for (String type : candidates) {
			if (job.grant().mayRead(type)) {
				types.add(type);
			} else if (!request.types().isEmpty()) {
				problems.add(problem(OperationOutcome.IssueType.FORBIDDEN,
						"Resource type " + type + " was not exported: the access token does not allow reading it"));
			}
		}
		return types;
	}

	/** The searches whose union is the export of one type. */
	private List<SearchParameterMap> searches(ExportJob job, String type, List<String> patientIds) {
		ExportRequest request = job.request();
		List<String> filters = request.typeFilters().getOrDefault(type, List.of(""));
		List<String> restrictions = job.grant().restrictionsFor(type);
		if (restrictions.isEmpty()) {
			restrictions = List.of("");
		}
		List<String> queries = new ArrayList<>();
		for (String filter : filters) {
			for (String restriction : restrictions) {
				queries.add(filter.isEmpty() ? restriction : restriction.isEmpty() ? filter : filter + "&" + restriction);
			}
		}
		List<SearchParameterMap> maps = new ArrayList<>();
		if ("Group".equals(type) && request.level() == ExportRequest.Level.GROUP) {
			// the cohort itself, not every other Group that lists one of its members
			for (String query : queries) {
				SearchParameterMap map = withSince(reader.newMap(type, query), request);
				map.add("_id", new TokenParam(request.groupId()));
				maps.add(map);
			}
			return maps;
		}
		for (String query : queries) {
			if (patientIds == null) {
				maps.add(withSince(reader.newMap(type, query), request));
				continue;
			}
			for (int from = 0; from < patientIds.size(); from += PATIENT_CHUNK) {
				List<String> chunk = patientIds.subList(from, Math.min(patientIds.size(), from + PATIENT_CHUNK));
				if ("Patient".equals(type)) {
					SearchParameterMap map = withSince(reader.newMap(type, query), request);
					TokenOrListParam ids = new TokenOrListParam();
					chunk.forEach(id -> ids.addOr(new TokenParam(id)));
					map.add("_id", ids);
					maps.add(map);
					continue;
				}
				for (RuntimeSearchParam param : PatientCompartment.linkingParams(fhirContext, type)) {
					SearchParameterMap map = withSince(reader.newMap(type, query), request);
					ReferenceOrListParam refs = new ReferenceOrListParam();
					chunk.forEach(id -> refs.addOr(new ReferenceParam("Patient/" + id)));
					map.add(param.getName(), refs);
					maps.add(map);
				}
			}
		}
		return maps;
	}

	private static SearchParameterMap withSince(SearchParameterMap map, ExportRequest request) {
		if (request.since() != null) {
			map.setLastUpdated(new DateRangeParam(request.since(), null));
		}
		return map;
	}

	/**
	 * Lists the resources of the exported types deleted since {@code _since} (Bulk Data {@code deleted}):
	 * one transaction Bundle per line with a DELETE entry. At Patient and Group level a deletion is
	 * listed when the version before it belonged to one of the patients; types the caller may read only
	 * through query-restricted scopes are not listed (the restriction cannot be checked on a deletion).
	 */
	private void writeDeleted(ExportJob job, List<String> types, List<String> patientIds, Deidentifier deidentifier)
			throws IOException {
		Set<String> patients = patientIds == null ? null : new HashSet<>(patientIds);
		List<String> deleted = new ArrayList<>();
		var terser = fhirContext.newTerser();
		for (String type : types) {
			if (job.isCancelled() || !job.grant().restrictionsFor(type).isEmpty()) {
				continue;
			}
			var dao = daoRegistry.getResourceDao(type);
			var history = dao.history(job.request().since(), null, null, new SystemRequestDetails());
			Set<String> seen = new HashSet<>();
			int from = 0;
			while (true) {
				List<IBaseResource> page = history.getResources(from, from + 500);
				if (page.isEmpty()) {
					break;
				}
				from += page.size();
				for (IBaseResource version : page) {
					String id = version.getIdElement().getIdPart();
					if (!seen.add(id) || !isDeletion(version)) {
						continue; // newest first: only the latest version in the window counts
					}
					if (patients == null || belongsTo(dao, terser, type, version, patients)) {
						deleted.add(type + "/" + (deidentifier == null ? id : deidentifier.pseudonym(type, id)));
					}
				}
			}
		}
		if (deleted.isEmpty()) {
			return;
		}
		String fileName = "deleted.ndjson";
		IParser parser = fhirContext.newJsonParser().setPrettyPrint(false);
		try (Writer out = Files.newBufferedWriter(job.directory().resolve(fileName), StandardCharsets.UTF_8)) {
			for (String ref : deleted) {
				org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle();
				bundle.setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
				bundle.addEntry().getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.DELETE).setUrl(ref);
				parser.encodeResourceToWriter(bundle, out);
				out.write('\n');
			}
		}
		job.addDeleted(new ExportJob.OutputFile("Bundle", fileName, deleted.size()));
	}

	private static boolean isDeletion(IBaseResource version) {
		if (version instanceof org.hl7.fhir.instance.model.api.IAnyResource any) {
			return ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.DELETED_AT.get(any) != null;
		}
		return false;
	}

	/** Whether the version before the deletion was one of the patients or in one of their compartments. */
	private static boolean belongsTo(ca.uhn.fhir.jpa.api.dao.IFhirResourceDao<IBaseResource> dao,
			ca.uhn.fhir.util.FhirTerser terser, String type, IBaseResource deletion, Set<String> patients) {
		String id = deletion.getIdElement().getIdPart();
		if ("Patient".equals(type)) {
			return patients.contains(id);
		}
		Long version = deletion.getIdElement().getVersionIdPartAsLong();
		if (version == null || version < 2) {
			return false;
		}
		try {
			IBaseResource before = dao.read(
					new org.hl7.fhir.r4.model.IdType(type, id, String.valueOf(version - 1)), new SystemRequestDetails());
			return terser.getCompartmentOwnersForResource("Patient", before, Set.of()).stream()
					.anyMatch(owner -> "Patient".equals(owner.getResourceType()) && patients.contains(owner.getIdPart()));
		} catch (RuntimeException e) {
			return false; // the earlier version cannot be read: the deletion cannot be attributed
		}
	}

	/** Writes the Practitioners, Organizations and Medications the exported resources reference. */
	private void writeReferenced(ExportJob job, List<String> exported, References referenced, Deidentifier deidentifier)
			throws IOException {
		ExportRequest request = job.request();
		for (String type : REFERENCED_TYPES) {
			boolean wanted = request.types().isEmpty() || request.types().contains(type);
			List<String> ids = referenced.ids(type);
			if (!wanted || exported.contains(type) || ids.isEmpty() || !job.grant().mayRead(type) || job.isCancelled()) {
				continue;
			}
			job.exporting(type);
			List<String> restrictions = job.grant().restrictionsFor(type);
			List<SearchParameterMap> maps = new ArrayList<>();
			for (String query : restrictions.isEmpty() ? List.of("") : restrictions) {
				for (int from = 0; from < ids.size(); from += PATIENT_CHUNK) {
					SearchParameterMap map = reader.newMap(type, query);
					TokenOrListParam or = new TokenOrListParam();
					ids.subList(from, Math.min(ids.size(), from + PATIENT_CHUNK)).forEach(id -> or.addOr(new TokenParam(id)));
					map.add("_id", or);
					maps.add(map);
				}
			}
			List<JpaPid> pids = reader.findIds(type, maps);
			job.addToTotal(pids.size());
			if (!pids.isEmpty()) {
				writeType(job, type, pids, deidentifier, null);
			}
		}
	}

	private void writeType(ExportJob job, String type, List<JpaPid> ids, Deidentifier deidentifier, References referenced)
			throws IOException {
		String fileName = type + ".ndjson";
		Path file = job.directory().resolve(fileName);
		IParser parser = parserFor(job.request(), type);
		boolean subsetted = parser != null;
		if (parser == null) {
			parser = fhirContext.newJsonParser().setPrettyPrint(false);
		}
		long count = 0;
		int batchSize = properties.batchSize();
		try (Writer out = PrivateFiles.newWriter(file)) {
			for (int from = 0; from < ids.size(); from += batchSize) {
				if (job.isCancelled()) {
					return;
				}
				List<IBaseResource> resources =
						reader.load(type, ids.subList(from, Math.min(ids.size(), from + batchSize)));
				for (IBaseResource resource : resources) {
					if (referenced != null) {
						referenced.collect(resource);
					}
					if (deidentifier != null) {
						deidentifier.apply(resource);
					}
					// a subsetting parser adds the SUBSETTED tag itself, once
					parser.encodeResourceToWriter(resource, out);
					out.write('\n');
				}
				count += resources.size();
				job.written(resources.size());
			}
		}
		if (count > 0) {
			job.addOutput(new ExportJob.OutputFile(type, fileName, count));
		} else {
			Files.deleteIfExists(file);
		}
	}

	/** A parser limited to the {@code _elements} of this type, or null when the type is not subsetted. */
	private IParser parserFor(ExportRequest request, String type) {
		Set<String> names = new LinkedHashSet<>(request.elements().getOrDefault("*", Set.of()));
		names.addAll(request.elements().getOrDefault(type, Set.of()));
		if (names.isEmpty()) {
			return null;
		}
		Set<String> encode = new LinkedHashSet<>();
		names.forEach(name -> encode.add(type + "." + name.replace("[x]", "")));
		// rows must stay attributable: the elements linking the resource to its patient always stay
		for (RuntimeSearchParam param : PatientCompartment.linkingParams(fhirContext, type)) {
			for (String path : param.getPathsSplit()) {
				String[] parts = path.trim().split("\\.");
				if (parts.length == 2 && parts[0].equals(type) && parts[1].matches("[a-z][A-Za-z]*")) {
					encode.add(type + "." + parts[1]);
				}
			}
		}
		encode.add(type + ".id");
		encode.add(type + ".meta");
		encode.add("*.(mandatory)");
		IParser parser = fhirContext.newJsonParser().setPrettyPrint(false);
		parser.setEncodeElements(encode);
		return parser;
	}

	private void writeErrors(ExportJob job, List<OperationOutcome> problems) throws IOException {
		String fileName = "errors.ndjson";
		IParser parser = fhirContext.newJsonParser().setPrettyPrint(false);
		try (Writer out = PrivateFiles.newWriter(job.directory().resolve(fileName))) {
			for (OperationOutcome problem : problems) {
				parser.encodeResourceToWriter(problem, out);
				out.write('\n');
			}
		}
		job.addError(new ExportJob.OutputFile("OperationOutcome", fileName, problems.size()));
	}

	private static OperationOutcome problem(OperationOutcome.IssueType type, String message) {
		return OperationOutcomes.error(type, message);
	}

	/** The ids of Practitioners, Organizations and Medications on this server that exported resources reference. */
	private final class References {
		private final String serverBase;
		private final ca.uhn.fhir.util.FhirTerser terser = fhirContext.newTerser();
		private final java.util.Map<String, Set<String>> ids = new java.util.HashMap<>();

		References(String serverBase) {
			this.serverBase = serverBase == null ? "" : serverBase.replaceAll("/$", "");
		}

		void collect(IBaseResource resource) {
			for (org.hl7.fhir.r4.model.Reference ref :
					terser.getAllPopulatedChildElementsOfType(resource, org.hl7.fhir.r4.model.Reference.class)) {
				var id = ref.getReferenceElement();
				if (id.getResourceType() == null || id.getIdPart() == null || !REFERENCED_TYPES.contains(id.getResourceType())) {
					continue;
				}
				if (id.hasBaseUrl() && !id.getBaseUrl().equals(serverBase)) {
					continue; // another server's resource
				}
				ids.computeIfAbsent(id.getResourceType(), t -> new LinkedHashSet<>()).add(id.getIdPart());
			}
		}

		List<String> ids(String type) {
			return new ArrayList<>(ids.getOrDefault(type, Set.of()));
		}
	}
}

package org.msfhir.bulkexport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.msfhir.bulkexport.deid.DeidentifierFactory;
import org.msfhir.common.OperationOutcomes;

/**
 * FHIR Bulk Data Access 2.0 endpoints: the three {@code $export} kick-offs, the status URL
 * ({@code GET} polls, {@code DELETE} cancels) and the file download. A job is visible only to the
 * client that started it: for anybody else its URLs answer 404, as if it did not exist.
 */
public class BulkExportProvider {

	public static final String STATUS_OPERATION = "$export-poll-status";
	public static final String DOWNLOAD_OPERATION = "$export-download";
	public static final String NDJSON = "application/fhir+ndjson";
	static final String DEIDENTIFIED_EXTENSION = "http://msfhir.org/fhir/bulk-export/deidentified";
	/** The research project whose pseudonyms a de-identified export uses. */
	static final String PROJECT_EXTENSION = "http://msfhir.org/fhir/bulk-export/project";

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final ExportRequestParser parser;
	private final ExportJobService jobs;
	private final ExportAccessResolver access;
	private final DeidentifierFactory deidentifiers;
	private final BulkExportProperties properties;
	private final ObjectMapper json = new ObjectMapper();

	public BulkExportProvider(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			ExportRequestParser parser,
			ExportJobService jobs,
			ExportAccessResolver access,
			DeidentifierFactory deidentifiers,
			BulkExportProperties properties) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.parser = parser;
		this.jobs = jobs;
		this.access = access;
		this.deidentifiers = deidentifiers;
		this.properties = properties;
	}

	/** {@code [base]/$export}: everything the caller may read. */
	@Operation(name = "$export", manualResponse = true, manualRequest = true, idempotent = true)
	public void systemExport(ServletRequestDetails request) throws IOException {
		kickOff(request, ExportRequest.Level.SYSTEM, null);
	}

	/** {@code [base]/Patient/$export}: the Patient compartments of all (or the listed) patients. */
	@Operation(name = "$export", typeName = "Patient", manualResponse = true, manualRequest = true, idempotent = true)
	public void patientExport(ServletRequestDetails request) throws IOException {
		kickOff(request, ExportRequest.Level.PATIENT, null);
	}

	/** {@code [base]/Group/[id]/$export}: the Patient compartments of the Group's members. */
	@Operation(name = "$export", typeName = "Group", manualResponse = true, manualRequest = true, idempotent = true)
	public void groupExport(@IdParam IIdType groupId, ServletRequestDetails request) throws IOException {
		kickOff(request, ExportRequest.Level.GROUP, groupId.getIdPart());
	}

	private void kickOff(ServletRequestDetails request, ExportRequest.Level level, String groupId) throws IOException {
		ExportGrant grant = access.resolve(request);
		ExportRequest export = parser.parse(request, level, groupId);
		if (level == ExportRequest.Level.GROUP) {
			if (!grant.mayRead("Group") || !grant.mayRead("Patient")) {
				throw new ForbiddenOperationException(
						"A Group export needs read access to Group and Patient (for example system/Group.rs system/Patient.rs)");
			}
			try {
				daoRegistry.getResourceDao("Group").read(
						new org.hl7.fhir.r4.model.IdType("Group", groupId), new SystemRequestDetails());
			} catch (ResourceNotFoundException | ResourceGoneException e) {
				throw new ResourceNotFoundException("Group/" + groupId + " does not exist");
			}
		}
		if (!export.deidentify() && (grant.deidentifiedOnly() || deidentifiers.forcedFor(grant.clientId()))) {
			export = export.withDeidentify();
		}
		if (export.deidentify() && !deidentifiers.available()) {
			throw new UnclassifiedServerFailureException(503, deidentifiers.unavailableReason());
		}
		ExportJob job;
		try {
			job = jobs.start(export, grant, request.getFhirServerBase());
		} catch (ExportJobService.TooManyJobsException e) {
			tooManyRequests(request.getServletResponse(), e.getMessage());
			return;
		}
		HttpServletResponse response = request.getServletResponse();
		response.setHeader("Content-Location", statusUrl(request, job));
		writeOutcome(response, HttpServletResponse.SC_ACCEPTED, OperationOutcome.IssueSeverity.INFORMATION,
				OperationOutcome.IssueType.INFORMATIONAL,
				"Export job " + job.id() + " accepted" + (export.deidentify() ? " (de-identified)" : "")
						+ "; poll the Content-Location URL for its status");
	}

	/** The status URL: {@code GET} polls, {@code DELETE} cancels (or deletes a finished job's files). */
	@Operation(name = STATUS_OPERATION, manualResponse = true, idempotent = true, deleteEnabled = true)
	public void status(ServletRequestDetails request) throws IOException {
		ExportGrant grant = access.resolve(request);
		ExportJob job = ownedJob(request, grant);
		HttpServletResponse response = request.getServletResponse();
		if (request.getRequestType() == RequestTypeEnum.DELETE) {
			jobs.cancel(job);
			writeOutcome(response, HttpServletResponse.SC_ACCEPTED, OperationOutcome.IssueSeverity.INFORMATION,
					OperationOutcome.IssueType.INFORMATIONAL, "Export job " + job.id() + " cancelled and its files deleted");
			return;
		}
		switch (job.status()) {
			case QUEUED, RUNNING -> {
				if (job.pollTooSoon(Instant.now(), properties.minPollInterval().toMillis())) {
					tooManyRequests(response, "Polled too often: wait at least "
							+ retryAfterSeconds() + " s between status requests");
					return;
				}
				response.setStatus(HttpServletResponse.SC_ACCEPTED);
				response.setHeader("X-Progress", job.progress());
				response.setHeader("Retry-After", String.valueOf(retryAfterSeconds()));
			}
			case COMPLETED -> writeManifest(request, job);
			case FAILED -> writeOutcome(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
					OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.EXCEPTION,
					"Export job " + job.id() + " failed: " + job.failure());
			case CANCELLED -> throw new ResourceNotFoundException("Unknown export job");
		}
	}

	/** Downloads one file of a finished job as {@code application/fhir+ndjson}. */
	@Operation(name = DOWNLOAD_OPERATION, manualResponse = true, idempotent = true)
	public void download(ServletRequestDetails request) throws IOException {
		ExportGrant grant = access.resolve(request);
		ExportJob job = ownedJob(request, grant);
		String fileName = single(request, "_file");
		if (job.status() != ExportJob.Status.COMPLETED) {
			throw new ResourceNotFoundException("Export job " + job.id() + " has no files yet");
		}
		boolean listed = job.outputs().stream().anyMatch(f -> f.fileName().equals(fileName))
				|| job.errors().stream().anyMatch(f -> f.fileName().equals(fileName))
				|| job.deleted().stream().anyMatch(f -> f.fileName().equals(fileName));
		Path file = job.directory().resolve(fileName).normalize();
		if (!listed || !file.startsWith(job.directory()) || !Files.isRegularFile(file)) {
			throw new ResourceNotFoundException("Export job " + job.id() + " has no file '" + fileName + "'");
		}
		HttpServletResponse response = request.getServletResponse();
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(NDJSON);
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Expires", httpDate(job.expiresAt()));
		response.setHeader("Vary", "Accept-Encoding");
		if (acceptsGzip(request)) {
			response.setHeader("Content-Encoding", "gzip");
			try (OutputStream out = new GZIPOutputStream(response.getOutputStream(), 64 * 1024)) {
				Files.copy(file, out);
			}
			return;
		}
		response.setContentLengthLong(Files.size(file));
		try (OutputStream out = response.getOutputStream()) {
			Files.copy(file, out);
		}
	}

	/** Whether {@code Accept-Encoding} lists gzip (or *) without {@code q=0}. */
	static boolean acceptsGzip(ServletRequestDetails request) {
		List<String> headers = request.getHeaders("Accept-Encoding");
		if (headers == null) {
			return false;
		}
		for (String header : headers) {
			for (String part : header.split(",")) {
				String[] pieces = part.trim().split(";");
				String coding = pieces[0].trim().toLowerCase(java.util.Locale.ROOT);
				boolean refused = false;
				for (int i = 1; i < pieces.length; i++) {
					String p = pieces[i].trim().replace(" ", "");
					refused |= p.matches("q=0(\\.0*)?");
				}
				if ((coding.equals("gzip") || coding.equals("*")) && !refused) {
					return true;
				}
			}
		}
		return false;
	}

	private ExportJob ownedJob(ServletRequestDetails request, ExportGrant grant) {
		String id = single(request, "_jobId");
		return jobs.store().find(id)
				.filter(job -> job.ownerClientId().equals(grant.clientId()))
				.orElseThrow(() -> new ResourceNotFoundException("Unknown export job '" + id + "'"));
	}

	private static String single(ServletRequestDetails request, String name) {
		String[] values = request.getParameters().get(name);
		if (values == null || values.length != 1 || values[0].isBlank()) {
			throw new InvalidRequestException("Parameter '" + name + "' is required (exactly once)");
		}
		return values[0];
	}

	private void writeManifest(ServletRequestDetails request, ExportJob job) throws IOException {
		ObjectNode manifest = json.createObjectNode();
		manifest.put("transactionTime", job.transactionTime().toString());
		manifest.put("request", job.request().requestUrl());
		manifest.put("requiresAccessToken", true);
		manifest.set("output", files(request, job, job.outputs()));
		manifest.set("error", files(request, job, job.errors()));
		if (job.request().since() != null) {
			manifest.set("deleted", files(request, job, job.deleted()));
		}
		if (job.request().deidentify()) {
			ObjectNode extension = manifest.putObject("extension");
			extension.put(DEIDENTIFIED_EXTENSION, true);
			extension.put(PROJECT_EXTENSION, deidentifiers.projectOf(job.ownerClientId()));
		}
		byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
		HttpServletResponse response = request.getServletResponse();
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Expires", httpDate(job.expiresAt()));
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private ArrayNode files(ServletRequestDetails request, ExportJob job, List<ExportJob.OutputFile> files) {
		ArrayNode array = json.createArrayNode();
		for (ExportJob.OutputFile file : files) {
			ObjectNode node = array.addObject();
			node.put("type", file.type());
			node.put("url", request.getFhirServerBase() + "/" + DOWNLOAD_OPERATION + "?_jobId=" + job.id()
					+ "&_file=" + URLEncoder.encode(file.fileName(), StandardCharsets.UTF_8));
			node.put("count", file.count());
		}
		return array;
	}

	private String statusUrl(ServletRequestDetails request, ExportJob job) {
		return request.getFhirServerBase() + "/" + STATUS_OPERATION + "?_jobId=" + job.id();
	}

	/** Whole seconds, never shorter than the poll throttle: a client that waits this long is not refused. */
	private long retryAfterSeconds() {
		long millis = Math.max(properties.retryAfter().toMillis(), properties.minPollInterval().toMillis());
		return Math.max(1, (millis + 999) / 1000);
	}

	private void tooManyRequests(HttpServletResponse response, String message) throws IOException {
		response.setHeader("Retry-After", String.valueOf(retryAfterSeconds()));
		writeOutcome(response, 429, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.THROTTLED, message);
	}

	private static void writeOutcome(
			HttpServletResponse response,
			int status,
			OperationOutcome.IssueSeverity severity,
			OperationOutcome.IssueType type,
			String message)
			throws IOException {
		OperationOutcomes.write(response, status, OperationOutcomes.of(severity, type, message));
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
	}
}

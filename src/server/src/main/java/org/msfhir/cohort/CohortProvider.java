package org.msfhir.cohort;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * {@code POST [base]/Group/$ms-cohort} builds and stores a cohort Group from MS criteria;
 * {@code POST [base]/Group/[id]/$ms-cohort} re-evaluates it (with its stored criteria, or new ones
 * from the body). Both answer with Parameters: {@code group} (the stored Group), {@code members},
 * {@code joined}, {@code left}, {@code evaluation-date} and one {@code joined-patient} /
 * {@code left-patient} reference per change. With {@code dry-run} = true (body parameter, or
 * {@code ?dry-run=true}) nothing is stored: the answer carries the evaluated Group without an id and
 * {@code dry-run} = true.
 */
public class CohortProvider {

	private final FhirContext fhirContext;
	private final IFhirResourceDao<Group> groupDao;
	private final CohortCriteriaParser parser;
	private final CohortEvaluator evaluator;
	private final CohortGroups groups = new CohortGroups();

	public CohortProvider(
			FhirContext fhirContext, IFhirResourceDao<Group> groupDao, CohortCriteriaParser parser, CohortEvaluator evaluator) {
		this.fhirContext = fhirContext;
		this.groupDao = groupDao;
		this.parser = parser;
		this.evaluator = evaluator;
	}

	@Operation(name = "$ms-cohort", typeName = "Group", manualRequest = true)
	public Parameters build(ServletRequestDetails request) {
		Parameters body = body(request);
		LocalDate at = parser.evaluationDate(body);
		CohortCriteria criteria = parser.parse(body);
		boolean dryRun = dryRun(body, request);
		Set<String> members = evaluator.evaluate(criteria, at);
		Group group = groups.write(new Group(), criteria, at, members);
		if (!dryRun) {
			IIdType id = groupDao.create(group, request).getId();
			group.setId(id.toUnqualifiedVersionless());
		}
		return response(group, at, members, new TreeSet<>(), dryRun);
	}

	@Operation(name = "$ms-cohort", typeName = "Group", manualRequest = true)
	public Parameters reevaluate(@IdParam IIdType groupId, ServletRequestDetails request) {
		Parameters body = body(request);
		Group group = groupDao.read(groupId.toUnqualifiedVersionless(), request);
		Parameters criteriaParameters = CohortCriteriaParser.hasCriteria(body) ? body : groups.read(group);
		if (!CohortCriteriaParser.hasCriteria(criteriaParameters)) {
			throw new InvalidRequestException("Group/" + groupId.getIdPart()
					+ " has no $ms-cohort criteria to re-evaluate; send criteria in the body");
		}
		LocalDate at = parser.evaluationDate(body);
		boolean dryRun = dryRun(body, request);
		CohortCriteria criteria = parser.parse(criteriaParameters);
		Set<String> before = CohortGroups.members(group);
		Set<String> after = evaluator.evaluate(criteria, at);
		groups.write(group, criteria, at, after);
		group.setId(groupId.toUnqualifiedVersionless());
		if (!dryRun) {
			groupDao.update(group, request);
		}
		return response(group, at, after, before, dryRun);
	}

	private boolean dryRun(Parameters body, ServletRequestDetails request) {
		String[] query = request.getParameters().get(CohortCriteriaParser.DRY_RUN);
		if (query != null) {
			if (query.length != 1 || !(query[0].equals("true") || query[0].equals("false"))) {
				throw new InvalidRequestException("Parameter '" + CohortCriteriaParser.DRY_RUN + "' must be true or false");
			}
			if (Boolean.parseBoolean(query[0])) {
				return true;
			}
		}
		return parser.dryRun(body);
	}

	private Parameters response(Group group, LocalDate at, Set<String> after, Set<String> before, boolean dryRun) {
		Set<String> joined = new TreeSet<>(after);
		joined.removeAll(before);
		Set<String> left = new TreeSet<>(before);
		left.removeAll(after);
		Parameters out = new Parameters();
		out.addParameter().setName("group").setResource(group);
		out.addParameter().setName("members").setValue(new IntegerType(after.size()));
		out.addParameter().setName("joined").setValue(new IntegerType(joined.size()));
		out.addParameter().setName("left").setValue(new IntegerType(left.size()));
		out.addParameter().setName("evaluation-date").setValue(new DateType(at.toString()));
		if (dryRun) {
			out.addParameter().setName(CohortCriteriaParser.DRY_RUN).setValue(new org.hl7.fhir.r4.model.BooleanType(true));
		}
		joined.forEach(id -> out.addParameter().setName("joined-patient").setValue(new Reference("Patient/" + id)));
		left.forEach(id -> out.addParameter().setName("left-patient").setValue(new Reference("Patient/" + id)));
		return out;
	}

	private Parameters body(ServletRequestDetails request) {
		byte[] content = request.loadRequestContents();
		if (content == null || content.length == 0) {
			return new Parameters();
		}
		IBaseResource parsed;
		try {
			String text = new String(content, StandardCharsets.UTF_8);
			parsed = text.trim().startsWith("<")
					? fhirContext.newXmlParser().parseResource(text)
					: fhirContext.newJsonParser().parseResource(text);
		} catch (DataFormatException e) {
			throw new InvalidRequestException("The $ms-cohort body is not a valid Parameters resource: " + e.getMessage());
		}
		if (!(parsed instanceof Parameters parameters)) {
			throw new InvalidRequestException("The $ms-cohort body must be a Parameters resource");
		}
		return parameters;
	}
}

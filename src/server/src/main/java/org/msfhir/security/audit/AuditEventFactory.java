package org.msfhir.security.audit;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the FHIR AuditEvent of an access decision. References are logical (identifier plus
 * display), not literal: the server enforces referential integrity, and an audit record must be
 * storable even when it names a resource that does not exist, and must not block deleting one.
 */
final class AuditEventFactory {

	static final String TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-event-type";
	static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
	static final String CLIENT_SYSTEM = "urn:msfhir:oauth-client";
	static final String RESOURCE_SYSTEM = "urn:msfhir:resource";
	static final String OBSERVER = "MS FHIR Server";

	private AuditEventFactory() {}

	static AuditEvent toAuditEvent(AccessDecision decision) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding(TYPE_SYSTEM, "rest", "RESTful Operation"));
		event.addSubtype(new Coding(INTERACTION_SYSTEM, subtype(decision), null));
		event.setAction(action(decision));
		event.setRecorded(Date.from(decision.time()));
		event.setOutcome(decision.allowed() ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc((decision.allowed() ? "allowed" : "refused")
				+ (decision.detail() == null ? "" : ": " + decision.detail()));

		AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
		String client = decision.clientId() != null
				? decision.clientId()
				: decision.allowed() ? "(no client: open mode)" : "(no valid token)";
		agent.setName(client);
		if (decision.user() != null) {
			agent.setWho(logical(decision.user()));
			agent.setAltId(decision.user());
		} else {
			agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(client))
					.setDisplay(client));
		}
		if (decision.remoteAddress() != null) {
			agent.getNetwork()
					.setAddress(decision.remoteAddress())
					.setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		event.getSource().setSite(OBSERVER).setObserver(new Reference().setDisplay(OBSERVER));

		AuditEvent.AuditEventEntityComponent entity = event.addEntity();
		entity.setName(decision.target());
		if (decision.resourceType() != null && decision.resourceId() != null) {
			entity.setWhat(logical(decision.resourceType() + "/" + decision.resourceId()));
		}
		if (decision.query() != null) {
			entity.setQuery(decision.query().getBytes(StandardCharsets.UTF_8));
		}
		if (decision.requestId() != null) {
			entity.setDescription("request " + decision.requestId());
		}
		if (decision.patientContext() != null) {
			event.addEntity()
					.setName("Patient/" + decision.patientContext())
					.setWhat(logical("Patient/" + decision.patientContext()))
					.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"))
					.setDescription("patient context of the token");
		}
		return event;
	}

	private static Reference logical(String reference) {
		return new Reference()
				.setIdentifier(new Identifier().setSystem(RESOURCE_SYSTEM).setValue(reference))
				.setDisplay(reference);
	}

	/** Codes of the restful-interaction code system; anything else (get-page, validate, ...) is "operation". */
	private static final java.util.Set<String> INTERACTION_CODES = java.util.Set.of(
			"read", "vread", "update", "patch", "delete", "history", "history-instance", "history-type",
			"history-system", "create", "search", "search-type", "search-system", "capabilities", "transaction",
			"batch", "operation");

	private static String subtype(AccessDecision decision) {
		String interaction = decision.interaction();
		return interaction != null && INTERACTION_CODES.contains(interaction) ? interaction : "operation";
	}

	private static AuditEvent.AuditEventAction action(AccessDecision decision) {
		String interaction = decision.interaction() == null ? "" : decision.interaction();
		return switch (interaction) {
			case "create" -> AuditEvent.AuditEventAction.C;
			case "update", "patch" -> AuditEvent.AuditEventAction.U;
			case "delete" -> AuditEvent.AuditEventAction.D;
			case "read", "vread", "history-instance", "history-type", "history-system", "search-type",
					"search-system" -> AuditEvent.AuditEventAction.R;
			default -> AuditEvent.AuditEventAction.E;
		};
	}
}

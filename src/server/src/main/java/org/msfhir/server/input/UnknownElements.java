package org.msfhir.server.input;

/**
 * What the server does with an element or attribute that FHIR R4 does not define for the place it
 * appears in a request body ({@code hapi.fhir.parser.unknown-elements}).
 */
public enum UnknownElements {
	/** Refuse the request with 400 and an OperationOutcome naming the element (the default). */
	REJECT,
	/** Drop the element, accept the request, and name the dropped element in a warning. */
	WARN
}

package org.msfhir.bulkexport;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Declares Bulk Data support in the CapabilityStatement: {@code instantiates} the Bulk Data
 * CapabilityStatement and points the export operations at their Bulk Data OperationDefinitions.
 */
@Interceptor
public class BulkExportCapabilities {

	public static final String BULK_DATA_CAPABILITY = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data";
	private static final String OPERATIONS = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/";

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void declare(IBaseConformance capabilities) {
		if (!(capabilities instanceof CapabilityStatement cs)) {
			return;
		}
		if (cs.getInstantiates().stream().noneMatch(i -> BULK_DATA_CAPABILITY.equals(i.getValue()))) {
			cs.addInstantiates(BULK_DATA_CAPABILITY);
		}
		for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
			ensure(rest.getOperation(), "export", OPERATIONS + "export");
			for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				if ("Patient".equals(resource.getType())) {
					ensure(resource.getOperation(), "export", OPERATIONS + "patient-export");
				} else if ("Group".equals(resource.getType())) {
					ensure(resource.getOperation(), "export", OPERATIONS + "group-export");
				}
			}
		}
	}

	private static void ensure(
			java.util.List<CapabilityStatement.CapabilityStatementRestResourceOperationComponent> operations,
			String name,
			String definition) {
		CapabilityStatement.CapabilityStatementRestResourceOperationComponent op = operations.stream()
				.filter(o -> name.equals(o.getName()))
				.findFirst()
				.orElseGet(() -> {
					var added = new CapabilityStatement.CapabilityStatementRestResourceOperationComponent();
					operations.add(added);
					return added;
				});
		op.setName(name);
		op.setDefinition(definition);
	}
}

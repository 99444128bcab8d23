package org.msfhir.overrides;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.util.JpaHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import jakarta.annotation.Nullable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import ca.uhn.fhir.jpa.model.entity.BaseResourceIndex;
import ca.uhn.fhir.jpa.model.entity.IndexedSearchParamIdentity;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryProvenanceEntity;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTag;
import ca.uhn.fhir.jpa.model.entity.ResourceSearchUrlEntity;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.model.entity.ResourceTag;
import ca.uhn.fhir.jpa.model.entity.ResourceTypeEntity;
import ca.uhn.fhir.jpa.model.entity.SearchParamPresentEntity;
import ca.uhn.fhir.jpa.model.entity.TagDefinition;
import java.util.Map;
import java.util.Set;
import org.hibernate.FlushMode;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.springframework.transaction.support.TransactionCallback;

/**
 * HAPI's transaction service, except that a FHIR transaction bundle commits without Hibernate
 * checking every entity of the bundle a second time.
 *
 * <p>HAPI ends a transaction bundle by flushing the session itself, checking for duplicate
 * conditional creates and calling its deferred hooks; then the database transaction commits, and
 * Hibernate's commit flush compares each of the bundle's entities (a resource, its version and ~12
 * index rows per stored resource) with its state once more. Nothing has changed them since HAPI's
 * flush, so that comparison finds nothing to write; it was ~5 % of the server's CPU on MS ingest.
 * Here the session is switched to manual flushing at the one point where that is known: the bundle's
 * own database transaction ({@link #finished} marks its {@link TransactionDetails} at
 * {@link Pointcut#STORAGE_TRANSACTION_PROCESSED}, HAPI's last step) returns, and it is a new
 * transaction, not one joined from outside (whose caller may still change entities before it commits).
 * Only bundles whose session holds nothing but resource storage qualify (see
 * {@link #onlyResourceStorage}).
 *
 * <p>With {@code check} on (the tests), the commit still asks Hibernate whether anything is dirty and
 * refuses to commit if so, which is how the tests show that no change is lost.
 */
public class BundleCommitTransactionService extends JpaHapiTransactionService {

	private static final String FINISHED = BundleCommitTransactionService.class.getName() + ".finished";

	/** Entities HAPI writes for a stored resource, besides its index rows ({@link BaseResourceIndex}). */
	private static final Set<Class<?>> RESOURCE_STORAGE = Set.of(
			ResourceTable.class,
			ResourceHistoryTable.class,
			ResourceHistoryProvenanceEntity.class,
			ResourceTag.class,
			ResourceHistoryTag.class,
			TagDefinition.class,
			SearchParamPresentEntity.class,
			ResourceSearchUrlEntity.class,
			IndexedSearchParamIdentity.class,
			ResourceTypeEntity.class);

	private final boolean check;

	@PersistenceContext
	private EntityManager entityManager;

	public BundleCommitTransactionService(boolean check) {
		this.check = check;
	}

	/** HAPI's last step of a transaction bundle, inside its database transaction, after its own flush. */
	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSED, order = Integer.MAX_VALUE)
	public void finished(TransactionDetails details) {
		details.putUserData(FINISHED, Boolean.TRUE);
	}

	@Override
	protected IExecutionBuilder buildExecutionBuilder(@Nullable RequestDetails request) {
		return new Builder(request);
	}

	@Override
	protected <T> T doExecuteCallback(ExecutionBuilder builder, TransactionCallback<T> callback) {
		if (!(builder instanceof Builder bundle) || bundle.details == null) {
			return super.doExecuteCallback(builder, callback);
		}
		return super.doExecuteCallback(builder, status -> {
			T result = callback.doInTransaction(status);
			if (status.isNewTransaction() && Boolean.TRUE.equals(bundle.details.getUserData(FINISHED))) {
				SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
				if (onlyResourceStorage(session)) {
					if (check && session.isDirty()) {
						throw new IllegalStateException("an entity changed after the transaction bundle's last flush");
					}
					session.setHibernateFlushMode(FlushMode.MANUAL);
				}
			}
			return result;
		});
	}

	/**
	 * Whether every entity of the session is one of HAPI's resource storage (resources, versions, tags,
	 * index rows). Other entities are changed by side work after HAPI's flush (storing a ConceptMap
	 * updates its terminology rows at commit, which the check caught), so those bundles commit as usual.
	 */
	private static boolean onlyResourceStorage(SessionImplementor session) {
		for (Map.Entry<Object, EntityEntry> entry : session.getPersistenceContextInternal().reentrantSafeEntityEntries()) {
			Object entity = entry.getKey();
			if (!(entity instanceof BaseResourceIndex) && !RESOURCE_STORAGE.contains(entity.getClass())) {
				return false;
			}
		}
		return true;
	}

	/** HAPI's execution builder, remembering the transaction details it was given. */
	private final class Builder extends ExecutionBuilder {

		private TransactionDetails details;

		Builder(@Nullable RequestDetails request) {
			super(request);
		}

		@Override
		public ExecutionBuilder withTransactionDetails(TransactionDetails transactionDetails) {
			details = transactionDetails;
			return super.withTransactionDetails(transactionDetails);
		}
	}
}

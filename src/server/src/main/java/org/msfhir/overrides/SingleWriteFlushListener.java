package org.msfhir.overrides;

import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.hibernate.type.Type;

/**
 * Writes each new resource row ({@code HFJ_RESOURCE}) and version row ({@code HFJ_RES_VER}) once
 * instead of twice. HAPI persists them and then keeps setting columns: the request id and source of
 * the version (what {@code meta.source} shows), and, in a transaction's second pass, the resource's
 * hash and index flags. Hibernate has queued each INSERT with the values at persist time, so at flush
 * it finds the rows changed and adds an UPDATE of each. Before Hibernate compares, this listener copies
 * the current plain column values (not the optimistic-lock version, not associations or collections)
 * into the still-queued INSERT, which then writes them: the stored data is the same, PostgreSQL
 * writes each row once.
 */
public final class SingleWriteFlushListener implements FlushEntityEventListener {

	/** Per persister: the properties that are plain columns, safe to write at insert. */
	private final Map<EntityPersister, int[]> plainColumns = new ConcurrentHashMap<>();

	@Override
	public void onFlushEntity(FlushEntityEvent event) {
		Object entity = event.getEntity();
		if (!(entity instanceof ResourceHistoryTable) && !(entity instanceof ResourceTable)) {
			return;
		}
		EntityEntry entry = event.getEntityEntry();
		Object[] queuedInsert = entry.getLoadedState();
		if (entry.isExistsInDatabase() || queuedInsert == null) {
			return; // already inserted: a real change, which Hibernate updates
		}
		EntityPersister persister = entry.getPersister();
		Object[] current = persister.getValues(entity);
		for (int i : plainColumns.computeIfAbsent(persister, SingleWriteFlushListener::plainColumns)) {
			queuedInsert[i] = current[i];
		}
	}

	private static int[] plainColumns(EntityPersister persister) {
		Type[] types = persister.getPropertyTypes();
		int version = persister.isVersioned() ? persister.getVersionProperty() : -1;
		return IntStream.range(0, types.length)
				.filter(i -> i != version && !types[i].isAssociationType() && !types[i].isCollectionType()
						&& !types[i].isComponentType())
				.toArray();
	}

	/** Registers the listener ahead of Hibernate's own flush listener (JPA property {@code hibernate.integrator_provider}). */
	public static IntegratorProvider integratorProvider() {
		Integrator integrator = new Integrator() {
			@Override
			public void integrate(Metadata metadata, BootstrapContext bootstrap, SessionFactoryImplementor sessionFactory) {
				sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class)
						.prependListeners(EventType.FLUSH_ENTITY, new SingleWriteFlushListener());
			}

			@Override
			public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
				// nothing to release
			}
		};
		return () -> List.of(integrator);
	}
}

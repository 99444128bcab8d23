package org.msfhir.server;

import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import java.util.Arrays;
import java.util.List;
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

/**
 * Writes each new resource version row ({@code HFJ_RES_VER}) once instead of twice. HAPI persists the
 * row and only then sets its request id and source URI (what {@code meta.source} shows); Hibernate has
 * queued the INSERT with the values at persist time, so at flush it finds the row changed and adds an
 * UPDATE of the same row. Before Hibernate compares, this listener copies the two values into the
 * queued INSERT, which then writes them; the stored data is the same, PostgreSQL writes the row once.
 */
public final class VersionRowSingleWrite implements FlushEntityEventListener {

	private static final List<String> LATE_PROPERTIES = List.of("mySourceUri", "myRequestId");

	private volatile int[] indexes;

	@Override
	public void onFlushEntity(FlushEntityEvent event) {
		if (!(event.getEntity() instanceof ResourceHistoryTable version)) {
			return;
		}
		EntityEntry entry = event.getEntityEntry();
		Object[] queuedInsert = entry.getLoadedState();
		if (entry.isExistsInDatabase() || queuedInsert == null) {
			return; // already inserted: a real change, let Hibernate update it
		}
		int[] at = indexes(entry.getPersister());
		queuedInsert[at[0]] = version.getSourceUri();
		queuedInsert[at[1]] = version.getRequestId();
	}

	private int[] indexes(EntityPersister persister) {
		int[] found = indexes;
		if (found == null) {
			List<String> names = Arrays.asList(persister.getPropertyNames());
			found = LATE_PROPERTIES.stream().mapToInt(names::indexOf).toArray();
			if (Arrays.stream(found).anyMatch(i -> i < 0)) {
				throw new IllegalStateException("ResourceHistoryTable lacks one of " + LATE_PROPERTIES + ": " + names);
			}
			indexes = found;
		}
		return found;
	}

	/** Registers the listener ahead of Hibernate's own flush listener (JPA property {@code hibernate.integrator_provider}). */
	public static IntegratorProvider integratorProvider() {
		Integrator integrator = new Integrator() {
			@Override
			public void integrate(Metadata metadata, BootstrapContext bootstrap, SessionFactoryImplementor sessionFactory) {
				sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class)
						.prependListeners(EventType.FLUSH_ENTITY, new VersionRowSingleWrite());
			}

			@Override
			public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
				// nothing to release
			}
		};
		return () -> List.of(integrator);
	}
}

package org.msfhir.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseUnavailableInterceptorTest {

	private final DatabaseUnavailableInterceptor interceptor = new DatabaseUnavailableInterceptor(5);
	private final ServletRequestDetails request = new ServletRequestDetails();

	@Test
	void aLostConnectionDeepInTheCauseChainIs503WithRetryAfter() {
		SQLException terminated = new SQLException("terminating connection due to administrator command", "57P01");
		Throwable failure = new InternalErrorException("HAPI-0001: failed",
				new PersistenceException(new JDBCConnectionException("could not execute", terminated)));

		BaseServerResponseException answer = interceptor.toServiceUnavailable(request, failure);

		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getResponseHeaders().get("Retry-After")).containsExactly("5");
	}

	@Test
	void noConnectionForANewTransactionIs503() {
		Throwable failure = new CannotCreateTransactionException("Could not open JPA EntityManager",
				new SQLException("Connection refused", "08001"));
		assertThat(interceptor.toServiceUnavailable(request, failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void aRollbackOnABrokenConnectionIs503() {
		// what a database restart under load produced: the rollback of the interrupted transaction failed too
		Throwable failure = new InternalErrorException("HAPI-0389: Failed to call access method",
				new org.springframework.orm.jpa.JpaSystemException(
						new org.hibernate.TransactionException("Unable to rollback against JDBC Connection")));
		assertThat(interceptor.toServiceUnavailable(request, failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void aPrimaryKeyCollisionAfterADatabaseRecoveryIs503() {
		// what an immediate PostgreSQL restart under load produced: HAPI's 409 with the driver's message only
		Throwable failure = new ResourceVersionConflictException("HAPI-0550: could not execute batch [Batch entry 0 insert"
				+ " into HFJ_SPIDX_TOKEN (...) values (...) was aborted: ERROR: duplicate key value violates unique"
				+ " constraint \"hfj_spidx_token_pkey\"  Detail: Key (sp_id)=(134572) already exists.]");
		BaseServerResponseException answer = interceptor.toServiceUnavailable(request, failure);
		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getResponseHeaders().get("Retry-After")).containsExactly("5");
	}

	@Test
	void aConflictOnAnotherConstraintStays409() {
		Throwable clientIdTaken = new ResourceVersionConflictException(
				"duplicate key value violates unique constraint \"idx_res_type_fhir_id\"");
		assertThat(interceptor.toServiceUnavailable(request, clientIdTaken)).isNull();
	}

	@Test
	void otherDatabaseErrorsKeepTheirOwnAnswer() {
		Throwable constraint = new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"));
		assertThat(interceptor.toServiceUnavailable(request, constraint)).isNull();
		assertThat(interceptor.toServiceUnavailable(request, new IllegalStateException("bug"))).isNull();
	}
}

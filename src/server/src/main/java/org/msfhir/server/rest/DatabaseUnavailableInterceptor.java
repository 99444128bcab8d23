package org.msfhir.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collections;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Answers 503 with {@code Retry-After} and an OperationOutcome, instead of HAPI's 500, when a request
 * failed because the database could not be reached or shut down under it (restart, failover, pool
 * exhausted by a dead database). Other errors keep their own status.
 *
 * <p>Also 503: a primary-key collision on an insert. HAPI's ids come from database sequences handed
 * out in blocks; after PostgreSQL crashes and recovers, a sequence can resume below a block the
 * running server had already drawn, so for a short while new ids collide with rows written since
 * (HAPI answers 409, though the request was fine). Nothing is stored by such a request; a retry gets
 * ids from the next block.
 */
public class DatabaseUnavailableInterceptor {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableInterceptor.class);

	private static final java.util.regex.Pattern PRIMARY_KEY_VIOLATION =
			java.util.regex.Pattern.compile("unique constraint \"[a-z0-9_]+_pkey\"");

	private final int retryAfterSeconds;

	public DatabaseUnavailableInterceptor(int retryAfterSeconds) {
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toServiceUnavailable(RequestDetails request, Throwable exception) {
		if (exception instanceof DatabaseUnavailableException unavailable) {
			return unavailable;
		}
		if (isDatabaseUnavailable(exception)) {
			log.warn("Database unavailable during {}: {}", request.getRequestPath(), exception.toString());
			return new DatabaseUnavailableException(retryAfterSeconds, exception);
		}
		if (isGeneratedKeyCollision(exception)) {
			log.warn("Generated id collided with a stored row during {} (a sequence behind after a database"
					+ " recovery): answered 503", request.getRequestPath());
			return new DatabaseUnavailableException(retryAfterSeconds, exception);
		}
		return null;
	}

	/**
	 * Whether the exception, or one of its causes, reports a duplicate primary key (PostgreSQL names
	 * primary-key constraints {@code <table>_pkey}; HAPI keeps only the message in its 409).
	 */
	public static boolean isGeneratedKeyCollision(Throwable exception) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable t = exception; t != null && seen.add(t); t = t.getCause()) {
			if (t.getMessage() != null && PRIMARY_KEY_VIOLATION.matcher(t.getMessage()).find()) {
				return true;
			}
		}
		return false;
	}

	/** Whether the exception, or one of its causes, says the database connection failed or went away. */
	public static boolean isDatabaseUnavailable(Throwable exception) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable t = exception; t != null && seen.add(t); t = t.getCause()) {
			if (t instanceof CannotCreateTransactionException
					|| t instanceof JDBCConnectionException
					|| t instanceof DataAccessResourceFailureException
					|| t instanceof SQLTransientConnectionException
					|| t instanceof SQLRecoverableException
					|| t instanceof ConnectException
					// begin, commit or rollback of the JDBC transaction failed: the connection broke under it
					|| t instanceof org.hibernate.TransactionException
					|| t instanceof org.springframework.transaction.TransactionSystemException) {
				return true;
			}
			if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	// SQLSTATE class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P"));
	}
}

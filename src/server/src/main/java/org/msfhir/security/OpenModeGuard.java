package org.msfhir.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety catch of {@code msfhir.security.mode=open}: without authentication the server must not
 * be reachable from other machines, so open mode is refused unless {@code server.address} is a
 * loopback address, and it announces itself loudly when it does start.
 */
public final class OpenModeGuard {

	private static final Logger LOG = LoggerFactory.getLogger(OpenModeGuard.class);

	private OpenModeGuard() {}

	/**
	 * Throws unless {@code serverAddress} binds to the loopback interface only.
	 *
	 * @param serverAddress the value of {@code server.address} (null or empty means all interfaces)
	 */
	public static void check(String serverAddress) {
		if (!isLoopback(serverAddress)) {
			throw new IllegalStateException(
					"msfhir.security.mode=open turns authentication off and is allowed only when the server "
							+ "listens on localhost. Set server.address=127.0.0.1 (it is now '"
							+ (serverAddress == null ? "" : serverAddress)
							+ "', i.e. reachable from other machines) or use msfhir.security.mode=embedded.");
		}
		String line = "*".repeat(78);
		LOG.warn(line);
		LOG.warn("*  SECURITY IS OFF: msfhir.security.mode=open. Every request has full access to all data.");
		LOG.warn("*  Development only. Listening on {} only. Never use this mode with real patient data.", serverAddress);
		LOG.warn(line);
	}

	static boolean isLoopback(String serverAddress) {
		if (serverAddress == null || serverAddress.isBlank()) {
			return false;
		}
		String host = serverAddress.trim();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
			return false; // only literal addresses besides "localhost": no DNS lookups deciding security
		}
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		} catch (UnknownHostException e) {
			return false;
		}
	}
}

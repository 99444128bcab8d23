package org.msfhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes HAPI store and index absolute references to this server's own base URL
 * ({@code http://host/fhir/Patient/1}) as local references, so that {@code subject=Patient/1}, Patient
 * and Group exports and cohorts find them. The configured {@code hapi.fhir.server-address} and
 * {@code hapi.fhir.local-base-urls} are known from the start; without a configured address, the base
 * URLs the server is reached under are learnt from the requests (at most {@value #MAX_LEARNT} of them,
 * so that made-up Host headers cannot grow the list without end).
 */
@Interceptor
public class LocalBaseUrls {

	private static final Logger log = LoggerFactory.getLogger(LocalBaseUrls.class);
	static final int MAX_LEARNT = 16;

	private final JpaStorageSettings settings;
	private final boolean learn;
	private int learnt;

	/** @param learn whether to learn base URLs from requests (no server address configured) */
	public LocalBaseUrls(JpaStorageSettings settings, boolean learn) {
		this.settings = settings;
		this.learn = learn;
	}

	/** The configured base URLs, as HAPI's setting wants them (no trailing slash). */
	public static Set<String> configured(String serverAddress, Iterable<String> others) {
		Set<String> bases = new HashSet<>();
		if (serverAddress != null && !serverAddress.isBlank()) {
			bases.add(strip(serverAddress));
		}
		if (others != null) {
			others.forEach(base -> bases.add(strip(base)));
		}
		return bases;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void learnBase(RequestDetails request) {
		if (!learn) {
			return;
		}
		String base = request.getFhirServerBase();
		if (base == null || base.isBlank()) {
			return;
		}
		base = strip(base);
		if (settings.getTreatBaseUrlsAsLocal().contains(base)) {
			return;
		}
		synchronized (this) {
			if (settings.getTreatBaseUrlsAsLocal().contains(base)) {
				return;
			}
			if (learnt >= MAX_LEARNT) {
				log.warn("Not treating {} as this server's base URL: already {} learnt; set hapi.fhir.server-address",
						base, MAX_LEARNT);
				return;
			}
			Set<String> bases = new HashSet<>(settings.getTreatBaseUrlsAsLocal());
			bases.add(base);
			settings.setTreatBaseUrlsAsLocal(bases);
			learnt++;
		}
	}

	private static String strip(String base) {
		String b = base.trim();
		while (b.endsWith("/")) {
			b = b.substring(0, b.length() - 1);
		}
		return b;
	}
}

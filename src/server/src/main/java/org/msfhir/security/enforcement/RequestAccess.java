package org.msfhir.security.enforcement;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import org.msfhir.security.SmartAccess;

/**
 * The caller and policy of one request, resolved once and kept in the request's user data.
 *
 * @param access the caller, or null (open mode, or an anonymous metadata request)
 * @param policy what the caller may do
 */
public record RequestAccess(SmartAccess access, AccessPolicy policy) {

	private static final String KEY = RequestAccess.class.getName();

	/** Resolves how requests are mapped to callers and policies. */
	public static final class Resolver {

		private final SmartAccessSource source;
		private final AccessPolicyFactory policies;
		private final boolean openMode;

		public Resolver(SmartAccessSource source, AccessPolicyFactory policies, boolean openMode) {
			this.source = source;
			this.policies = policies;
			this.openMode = openMode;
		}

		/**
		 * The caller of this request. Without a token: the open policy in open mode, otherwise 401 (the
		 * security filter normally refuses such requests before they get here; this is a second lock).
		 */
		public RequestAccess resolve(RequestDetails request) {
			Object cached = request.getUserData().get(KEY);
			if (cached instanceof RequestAccess known) {
				return known;
			}
			RequestAccess resolved = source.current()
					.map(access -> new RequestAccess(access, openMode ? policies.open() : policies.policyFor(access)))
					.orElse(null);
			if (resolved == null) {
				if (!openMode) {
					throw new AuthenticationException("Authentication required: send a bearer access token");
				}
				resolved = new RequestAccess(null, policies.open());
			}
			request.getUserData().put(KEY, resolved);
			return resolved;
		}

		/** The caller if already resolved for this request, without resolving. */
		public static RequestAccess peek(RequestDetails request) {
			Object cached = request.getUserData().get(KEY);
			return cached instanceof RequestAccess known ? known : null;
		}

		public boolean openMode() {
			return openMode;
		}
	}
}

package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HostGuardTest {

	@Test
	void aServerReachableFromOtherMachinesNeedsItsPublicAddressOrAHostList() {
		assertThatThrownBy(() -> HostGuard.create("", List.of(), "0.0.0.0"))
				.hasMessageContaining("hapi.fhir.server-address")
				.hasMessageContaining("msfhir.security.allowed-hosts");
		assertThat(HostGuard.create("https://fhir.example.org/fhir", List.of(), "0.0.0.0")).isNotNull();
		assertThat(HostGuard.create("", List.of("fhir.example.org"), "0.0.0.0")).isNotNull();
	}

	@Test
	void onlyListedHostsAreServed() throws Exception {
		HostGuard guard = HostGuard.create("", List.of("fhir.example.org"), "0.0.0.0");
		assertThat(status(guard, "fhir.example.org", "/fhir/metadata")).isEqualTo(200);
		assertThat(status(guard, "FHIR.example.org", "/fhir/metadata")).isEqualTo(200);
		assertThat(status(guard, "attacker.example", "/fhir/metadata")).isEqualTo(400);
		assertThat(status(guard, "10.1.2.3", "/actuator/health")).as("probes by IP address").isEqualTo(200);
	}

	@Test
	void aLoopbackServerAnswersToLoopbackNamesOnly() throws Exception {
		HostGuard guard = HostGuard.create("", List.of(), "127.0.0.1");
		assertThat(status(guard, "localhost", "/fhir/metadata")).isEqualTo(200);
		assertThat(status(guard, "127.0.0.1", "/fhir/metadata")).isEqualTo(200);
		assertThat(status(guard, "rebound.attacker.example", "/fhir/metadata")).isEqualTo(400);
	}

	@Test
	void withAFixedPublicAddressTheHostDoesNotMatter() throws Exception {
		HostGuard guard = HostGuard.create("https://fhir.example.org/fhir", List.of(), "0.0.0.0");
		assertThat(status(guard, "anything.example", "/fhir/metadata")).isEqualTo(200);
	}

	private static int status(HostGuard guard, String host, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServerName(host);
		request.setRequestURI(path);
		request.setServletPath(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		guard.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}
}

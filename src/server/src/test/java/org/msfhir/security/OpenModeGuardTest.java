package org.msfhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenModeGuardTest {

	@Test
	void openModeIsRefusedWhenReachableFromOtherMachines() {
		for (String address : new String[] {null, "", "0.0.0.0", "10.1.2.3", "::", "fhir.example.org"}) {
			assertThatThrownBy(() -> OpenModeGuard.check(address))
					.as("server.address=%s", address)
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("server.address=127.0.0.1");
		}
	}

	@Test
	void openModeIsAllowedOnLoopback() {
		for (String address : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
			OpenModeGuard.check(address);
			assertThat(OpenModeGuard.isLoopback(address)).as(address).isTrue();
		}
	}
}

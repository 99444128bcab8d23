package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SecurityProperties;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class UserAccountsTest {

	private final UserAccounts users = new UserAccounts(
			List.of(new SecurityProperties.User("doc", "right", "Practitioner/7", "Dr Seven"),
					new SecurityProperties.User("other", "right", "", "")),
			PasswordEncoderFactories.createDelegatingPasswordEncoder());

	@Test
	void theRightPasswordSignsInAndWrongOnesDoNot() {
		assertThat(users.authenticate("doc", "right")).hasValueSatisfying(a -> assertThat(a.fhirUser()).isEqualTo("Practitioner/7"));
		assertThat(users.authenticate("doc", "wrong")).isEmpty();
		assertThat(users.authenticate("nobody", "right")).isEmpty();
		assertThat(users.all()).allSatisfy(a -> assertThat(a.encodedPassword()).doesNotContain("right"));
	}

	@Test
	void fhirUserMustBeAReference() {
		assertThatThrownBy(() -> users.register(new SecurityProperties.User("x", "pw", "http://evil/Practitioner/1", "")))
				.hasMessageContaining("fhirUser");
	}
}

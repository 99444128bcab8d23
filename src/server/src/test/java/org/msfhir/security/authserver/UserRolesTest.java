package org.msfhir.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.msfhir.security.SecurityProperties;
import org.msfhir.security.UserRole;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Roles and access rules of login accounts: derived, checked, and a disabled account cannot sign in. */
class UserRolesTest {

	private final UserAccounts users = new UserAccounts(List.of(), PasswordEncoderFactories.createDelegatingPasswordEncoder());

	private static SecurityProperties.User user(String name, String fhirUser, String role, String patient, String group) {
		return new SecurityProperties.User(name, "pw", fhirUser, "", role, patient, group, false, false);
	}

	@Test
	void theRoleFollowsFromFhirUserWhenNotConfigured() {
		assertThat(users.register(user("p", "Patient/7", "", "", "")).role()).isEqualTo(UserRole.PATIENT);
		assertThat(users.register(user("p", "Patient/7", "", "", "")).patient()).isEqualTo("7");
		assertThat(users.register(user("d", "Practitioner/1", "", "", "")).role()).isEqualTo(UserRole.CLINICIAN);
		assertThat(users.register(user("r", "", "", "", "")).role()).isEqualTo(UserRole.RESEARCHER);
	}

	@Test
	void confinedRolesNeedTheirPatientAndListsAreForCliniciansOnly() {
		assertThatThrownBy(() -> users.register(user("p", "Practitioner/1", "patient", "", "")))
				.hasMessageContaining("Patient/<id>");
		assertThatThrownBy(() -> users.register(user("rp", "RelatedPerson/2", "", "", "")))
				.hasMessageContaining("patient");
		assertThat(users.register(user("rp", "RelatedPerson/2", "", "Patient/7", "")).patient()).isEqualTo("7");
		assertThatThrownBy(() -> users.register(user("r", "", "researcher", "", "g1")))
				.hasMessageContaining("clinician");
		assertThatThrownBy(() -> users.register(user("x", "", "superuser", "", "")))
				.hasMessageContaining("role");
		UserAccounts.Account listed = users.register(user("d", "Practitioner/1", "clinician", "", "Group/g1"));
		assertThat(listed.patientGroup()).isEqualTo("g1");
		assertThat(listed.confinedToOnePatient()).isTrue();
		assertThat(users.register(user("all", "Practitioner/1", "", "", "")).confinedToOnePatient()).isFalse();
	}

	@Test
	void aDisabledAccountCannotSignIn() {
		users.register(new SecurityProperties.User("off", "pw", "", "", "researcher", "", "", false, true));
		users.register(new SecurityProperties.User("on", "pw", "", "", "researcher", "", "", false, false));
		assertThat(users.authenticate("off", "pw")).isEmpty();
		assertThat(users.active("off")).isEmpty();
		assertThat(users.authenticate("on", "pw")).isPresent();
	}
}

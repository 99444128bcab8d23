package org.msfhir.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.ResourceHistoryState;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import com.google.common.hash.Hashing;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Only a resource marked as being in a transaction's first pass skips encoding, and only once. */
class TransactionFirstPassHistoryCalculatorTest {

	private final TransactionFirstPassHistoryCalculator calculator =
			new TransactionFirstPassHistoryCalculator(FhirContext.forR4Cached(), false);

	@Test
	void anUnmarkedResourceIsEncodedAndHashed() {
		Observation observation = observation();
		ResourceHistoryState state = calculator.calculateHistoryState(observation, ResourceEncodingEnum.JSON, List.of());
		assertThat(state.getResourceText()).contains("\"subject\":{\"reference\":\"Patient/1\"}");
		assertThat(state.getHashCode()).isEqualTo(Hashing.sha256().hashUnencodedChars(state.getResourceText()));
	}

	@Test
	void aMarkedResourceSkipsTheEncodingOnce() {
		Observation observation = observation();
		observation.setUserData(TransactionFirstPassHistoryCalculator.FIRST_PASS, Boolean.TRUE);

		ResourceHistoryState first = calculator.calculateHistoryState(observation, ResourceEncodingEnum.JSON, List.of());
		assertThat(first.getResourceText()).isEmpty();
		assertThat(observation.getUserData(TransactionFirstPassHistoryCalculator.FIRST_PASS)).isNull();

		ResourceHistoryState second = calculator.calculateHistoryState(observation, ResourceEncodingEnum.JSON, List.of());
		assertThat(second.getResourceText()).contains("Patient/1");
		assertThat(second.getHashCode()).isNotEqualTo(first.getHashCode());
	}

	private static Observation observation() {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getSubject().setReference("Patient/1");
		return observation;
	}
}

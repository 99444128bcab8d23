package org.msfhir.validation;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.junit.jupiter.api.Test;

/** The switch {@code msfhir.validation.enabled}: off means the write interceptor is not registered. */
class MsValidationConfigTest {

	private final MsValidationConfig config = new MsValidationConfig();
	private final MsResourceValidator validator = mock(MsResourceValidator.class);

	@Test
	void writeValidationIsRegisteredByDefault() {
		IInterceptorService interceptors = mock(IInterceptorService.class);
		config.msWriteValidationInterceptor(FhirContext.forR4Cached(), validator, interceptors,
				new ValidationProperties(true, true, true));
		verify(interceptors).registerInterceptor(any(MsWriteValidationInterceptor.class));
	}

	@Test
	void writeValidationCanBeSwitchedOff() {
		IInterceptorService interceptors = mock(IInterceptorService.class);
		config.msWriteValidationInterceptor(FhirContext.forR4Cached(), validator, interceptors,
				new ValidationProperties(false, true, true));
		verify(interceptors, never()).registerInterceptor(any());
	}
}

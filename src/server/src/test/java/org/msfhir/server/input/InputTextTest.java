package org.msfhir.server.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte-level checks of request bodies and query strings. */
class InputTextTest {

	@Test
	void findsTheOffsetOfTheFirstInvalidUtf8Byte() {
		assertThat(InputText.invalidUtf8Offset(new byte[0])).as("empty (a fuzz finding: the decoder was flushed unused)").isEqualTo(-1);
		assertThat(InputText.invalidUtf8Offset("ascii and Müller 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
		assertThat(InputText.invalidUtf8Offset(new byte[] {'a', 'b', (byte) 0xFC, 'c'})).isEqualTo(2);
		assertThat(InputText.invalidUtf8Offset(new byte[] {'a', (byte) 0xC3})).as("truncated at the end").isEqualTo(1);
		assertThat(InputText.invalidUtf8Offset(new byte[] {(byte) 0xC0, (byte) 0x80})).as("overlong NUL").isZero();
		assertThat(InputText.invalidUtf8Offset(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("surrogate").isZero();
		byte[] long_ = new byte[20_000];
		java.util.Arrays.fill(long_, (byte) 'x');
		long_[19_000] = (byte) 0xFF;
		assertThat(InputText.invalidUtf8Offset(long_)).as("past the decoder's buffer").isEqualTo(19_000);
	}

	@Test
	void nulIsFoundAsRawByteJsonEscapeOrXmlReference() {
		assertThat(InputText.checkBody("{\"a\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8), true)).contains("byte offset 7");
		assertThat(InputText.checkBody("{\"a\":\"x\\\\u0000\"}".getBytes(StandardCharsets.UTF_8), true)).isNull();
		assertThat(InputText.checkBody("{\"a\":\"x\\\\\\u0000\"}".getBytes(StandardCharsets.UTF_8), true)).contains("NUL");
		assertThat(InputText.checkBody(new byte[] {'{', 0, '}'}, true)).contains("byte offset 1");
		assertThat(InputText.checkBody("<a value=\"&#x00;\"/>".getBytes(StandardCharsets.UTF_8), false)).contains("byte offset 10");
		assertThat(InputText.checkBody("<a value=\"&#10;\"/>".getBytes(StandardCharsets.UTF_8), false)).isNull();
	}

	@Test
	void queryParametersMustDecodeToUtf8WithoutNul() {
		assertThat(InputText.checkQuery("family=M%C3%BCller&_count=5")).isNull();
		assertThat(InputText.checkQuery("code=http://loinc.org|1234-5&x+y=a+b")).isNull();
		assertThat(InputText.checkQuery(null)).isNull();
		assertThat(InputText.checkQuery("deidentify&_type=")).as("names without values, empty values").isNull();
		assertThat(InputText.checkQuery("family=M%FCller")).contains("'family'").contains("0xFC at byte offset 1");
		assertThat(InputText.checkQuery("a=1&given=x%00")).contains("'given'").contains("NUL");
		assertThat(InputText.checkQuery("na%80me=1")).contains("parameter name");
		assertThat(InputText.checkQuery("_includ%09e=Observation:subject&_include=Observation:subject"))
				.contains("'_includ?e'").contains("control character (U+0009) at character 7");
	}
}

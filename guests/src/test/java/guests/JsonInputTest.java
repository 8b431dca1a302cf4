package guests;

import static guests.GuestRun.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared JSON reader and writer (src/common/json.c), seen through echo, which writes back
 * what it read: what it accepts comes back unchanged, what it rejects ends the guest with exit 1
 * and a message that says where and why.
 */
class JsonInputTest {

    private static String echoed(String params) {
        GuestRun result = run("echo", "{\"params\": " + params + "}");
        result.json();
        return result.stdout().strip();
    }

    @Test
    void numbersKeepTheDigitsTheyWereWrittenWith() {
        String params = "[0,-0,1.50,-2.5e-3,1E+400,12345678901234567890,0.1]";
        assertThat(echoed(params)).isEqualTo("{\"params\":" + params + ",\"records\":0}");
    }

    @Test
    void stringEscapesAreDecodedAndWrittenCanonically() {
        // Escapes decode to UTF-8 (surrogate pairs too); the writer escapes only what JSON requires.
        assertThat(echoed("\"a\\/b \\u00e9 \\ud83d\\ude00 \\u0000 \\t\\\"\\\\ \u20ac\""))
                .isEqualTo("{\"params\":\"a/b é 😀 \\u0000 \\t\\\"\\\\ €\",\"records\":0}");
    }

    @Test
    void nestedObjectsAndArraysSurviveTheRoundTrip() {
        String params = "{\"a\":[[],{},[{\"b\":[null,true,false]}]],\"é\":{\"\":\"\"}}";
        assertThat(echoed(params)).isEqualTo("{\"params\":" + params + ",\"records\":0}");
    }

    @Test
    void whitespaceBetweenTokensIsAccepted() {
        assertThat(run("echo", " \t\r\n{ \"params\" :\n[ 1 , 2 ] ,\"records\":[ {} ] }\n").json().toString())
                .isEqualTo("{\"params\":[1,2],\"records\":1}");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        // The root object counts as one level: 63 more levels of arrays make 64.
        String params = "[".repeat(63) + "]".repeat(63);
        assertThat(echoed(params)).contains(params);
    }

    @Test
    void nestingBeyondTheLimitIsRejected() {
        String params = "[".repeat(64) + "]".repeat(64);
        run("echo", "{\"params\":" + params + "}").assertFailed(1, "nesting deeper than 64 levels");
    }

    @Test
    void absentParamsAreNullAndAbsentOrNullRecordsAreEmpty() {
        assertThat(run("echo", "{}").json().toString()).isEqualTo("{\"params\":null,\"records\":0}");
        assertThat(run("echo", "{\"records\":null}").json().toString()).isEqualTo("{\"params\":null,\"records\":0}");
        assertThat(run("echo", "{\"other\":1,\"records\":[1,2,3]}").json().toString())
                .isEqualTo("{\"params\":null,\"records\":3}");
    }

    @Test
    void errorsSayLineAndColumn() {
        run("echo", "{\n  \"params\": [1,\n  2,,3]}").assertFailed(1, "line 3, column 5: expected a value, found ','");
    }

    static Stream<Arguments> malformedInputs() {
        return Stream.of(
                Arguments.of("", "expected a value, found the end of the input"),
                Arguments.of("  \n ", "expected a value, found the end of the input"),
                Arguments.of("{", "expected a member name in double quotes"),
                Arguments.of("{\"params\":}", "expected a value, found '}'"),
                Arguments.of("{\"params\":[1,2}", "expected ',' or ']' after an array element"),
                Arguments.of("{\"params\":[1,]}", "expected a value, found ']'"),
                Arguments.of("{\"params\":1,}", "expected a member name in double quotes, found '}'"),
                Arguments.of("{\"params\" 1}", "expected ':' after a member name"),
                Arguments.of("{'params':1}", "expected a member name in double quotes, found '''"),
                Arguments.of("{params:1}", "expected a member name in double quotes, found 'p'"),
                Arguments.of("{\"params\":\"abc", "unterminated string"),
                Arguments.of("{\"params\":\"abc\\", "unterminated string"),
                Arguments.of("{\"params\":\"\\x\"}", "invalid escape '\\x'"),
                Arguments.of("{\"params\":\"\\u12\"}", "expected four hex digits"),
                Arguments.of("{\"params\":\"\\u12G4\"}", "expected four hex digits"),
                Arguments.of("{\"params\":\"\\ud800\"}", "a high surrogate must be followed by a low one"),
                Arguments.of("{\"params\":\"\\ud800\\u0041\"}", "a high surrogate must be followed by a low one"),
                Arguments.of("{\"params\":\"\\udc00\"}", "a low surrogate without a high one"),
                Arguments.of("{\"params\":\"tab\there\"}", "control character 0x09 in a string"),
                Arguments.of("{\"params\":01}", "leading zeros are not allowed"),
                Arguments.of("{\"params\":1.}", "expected a digit after the decimal point"),
                Arguments.of("{\"params\":.5}", "expected a value, found '.'"),
                Arguments.of("{\"params\":-}", "expected a digit"),
                Arguments.of("{\"params\":1e}", "expected a digit in the exponent"),
                Arguments.of("{\"params\":+1}", "expected a value, found '+'"),
                Arguments.of("{\"params\":0x10}", "expected ',' or '}' after an object member, found 'x'"),
                Arguments.of("{\"params\":NaN}", "expected a value, found 'N'"),
                Arguments.of("{\"params\":Infinity}", "expected a value, found 'I'"),
                Arguments.of("{\"params\":tru}", "invalid literal: expected 'true'"),
                Arguments.of("{\"params\":nul", "invalid literal: expected 'null'"),
                Arguments.of("{} {}", "expected the end of the input after the JSON value, found '{'"),
                Arguments.of("{}x", "found 'x'"),
                Arguments.of("[1]", "stdin must be a JSON object"),
                Arguments.of("null", "stdin must be a JSON object"),
                Arguments.of("{\"records\":{}}", "\"records\" must be an array of records, got an object"));
    }

    @ParameterizedTest
    @MethodSource("malformedInputs")
    void malformedInputIsRejectedByEveryGuestThatReadsIt(String stdin, String reason) {
        for (String guest : new String[] {"echo", "aggregate", "logsearch", "primes"}) {
            GuestRun result = run(guest, stdin).assertFailed(1, reason);
            assertThat(result.stderr()).as("stderr names the guest").startsWith(guest + ": ");
        }
    }

    static Stream<byte[]> invalidUtf8() {
        return Stream.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0x80}, // overlong NUL
                new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, // overlong
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // UTF-16 surrogate
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                new byte[] {(byte) 0xe2, (byte) 0x82}, // truncated sequence
                new byte[] {(byte) 0x80}); // lone continuation byte
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void invalidUtf8InStringsIsRejected(byte[] bad) {
        var stdin = new ByteArrayOutputStream();
        stdin.writeBytes("{\"params\":\"x".getBytes(UTF_8));
        stdin.writeBytes(bad);
        stdin.writeBytes("\"}".getBytes(UTF_8));
        GuestRun.run("echo", stdin.toByteArray(), Map.of()).assertFailed(1, "invalid UTF-8 in a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uFEFF{}", "\u0000", "{\"params\":1}\u0000"})
    void byteOrderMarksAndNulBytesOutsideStringsAreRejected(String stdin) {
        run("echo", stdin).assertFailed(1, "stdin is not valid JSON");
    }

    @Test
    void runningOutOfMemoryWhileParsingIsAnErrorNotATrap() {
        // 400,000 numbers make 400,000 nodes: more than 4 MiB of memory holds.
        String params = "[" + "0,".repeat(400_000) + "0]";
        GuestRun.runWithMemory("echo", "{\"params\":" + params + "}", 64)
                .assertFailed(1, "is too large to parse in this guest's memory: out of memory");
    }

    @Test
    void inputLargerThanTheLimitIsRejectedBeforeParsing() {
        byte[] huge = new byte[(16 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        GuestRun.run("echo", huge, Map.of()).assertFailed(1, "stdin is larger than 16777216 bytes");
    }
}

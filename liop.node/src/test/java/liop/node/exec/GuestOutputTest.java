package liop.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestOutputTest {

    @Test
    void acceptsOneJsonValueWithWhitespaceAround() {
        assertThat(parse("\n {\"total\": 3}\n")).isInstanceOfSatisfying(GuestOutput.Parsed.Value.class,
                v -> assertThat(v.json().get("total").intValue()).isEqualTo(3));
        assertThat(parse("42")).isInstanceOf(GuestOutput.Parsed.Value.class);
    }

    @Test
    void explainsEverythingElse() {
        assertThat(reason("")).contains("wrote nothing to stdout");
        assertThat(reason("{\"a\": 1} {\"b\": 2}")).isEqualTo("the module's stdout is not one JSON value: more follows the first value (at byte 9)");
        assertThat(reason("{\"count\":1}{\"ssn\":\"123-45-6789\"}")).contains("more follows the first value");
        assertThat(reason("\u00ff")).contains("invalid JSON");
        assertThat(reason("hello")).contains("not one JSON value");
        assertThat(reason("{\"a\": ")).contains("not one JSON value");
    }

    @Test
    void refusesTruncatedOutput() {
        var parsed = GuestOutput.parse("{}".getBytes(StandardCharsets.UTF_8), true, 1024);
        assertThat(parsed).isInstanceOfSatisfying(GuestOutput.Parsed.Malformed.class,
                m -> assertThat(m.reason()).contains("more than 1024 bytes").contains("stdout.max.bytes"));
    }

    @Test
    void boundsNestingSoHostileOutputCannotExhaustTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(reason(deep)).contains("not one JSON value");
    }

    private static GuestOutput.Parsed parse(String stdout) {
        return GuestOutput.parse(stdout.getBytes(StandardCharsets.UTF_8), false, 1 << 20);
    }

    private static String reason(String stdout) {
        return ((GuestOutput.Parsed.Malformed) parse(stdout)).reason();
    }
}

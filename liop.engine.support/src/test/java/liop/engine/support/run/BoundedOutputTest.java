package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {

    @Test
    void keeps_everything_within_the_limit() {
        BoundedOutput output = new BoundedOutput(5);

        output.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);

        assertThat(output.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(output.truncated()).isFalse();
    }

    @Test
    void drops_what_goes_past_the_limit_and_says_so() {
        BoundedOutput output = new BoundedOutput(5);

        output.write("hel".getBytes(StandardCharsets.UTF_8), 0, 3);
        output.write("lo, world".getBytes(StandardCharsets.UTF_8), 0, 9);
        output.write('!');

        assertThat(output.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void a_zero_limit_keeps_nothing() {
        BoundedOutput output = new BoundedOutput(0);

        output.write('x');

        assertThat(output.bytes()).isEmpty();
        assertThat(output.truncated()).isTrue();
    }
}

package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.TrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrapsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            out of bounds memory access: attempted to access address: 70000 but limit is: 65536 | out of bounds memory access
            Out of bounds memory access                                                       | out of bounds memory access
            integer divide by zero                                                            | integer divide by zero
            trapped on unreachable instruction                                                | unreachable instruction executed
            """)
    void known_traps_are_named_without_their_details(String message, String name) {
        assertThat(Traps.describe(message)).isEqualTo(name);
    }

    @Test
    void the_stack_running_out_says_how_deep_calls_may_nest() {
        assertThat(Traps.describe(" call stack exhausted ")).isEqualTo(Traps.STACK_EXHAUSTED)
                .contains("at most 10000 calls may nest");
    }

    @Test
    void other_messages_are_kept_as_they_are() {
        assertThat(Traps.describe("  it raised signal 6 with proc_raise, which ends it ")).isEqualTo("it raised signal 6 with proc_raise, which ends it");
    }

    @Test
    void a_trap_without_a_message_is_named_by_its_type() {
        assertThat(Traps.describe(new TrapException(null))).isEqualTo("TrapException");
        assertThat(Traps.describe(new TrapException("integer overflow"))).isEqualTo("integer overflow");
    }
}

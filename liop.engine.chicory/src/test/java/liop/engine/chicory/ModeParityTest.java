package liop.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Switching an engine between compiler and interpreter changes speed, never results. */
class ModeParityTest {

    static Stream<Arguments> guests() {
        return Stream.of(
                Arguments.of("hello", Guests.HELLO),
                Arguments.of("echo", Guests.ECHO),
                Arguments.of("exit 3", ChicoryEngineTest.exitWith(3)),
                Arguments.of("unreachable", "(module (func (export \"_start\") unreachable))"),
                Arguments.of("out of bounds", "(module (memory 1) (func (export \"_start\") (drop (i32.load (i32.const -1)))))"),
                Arguments.of("integer overflow",
                        "(module (func (export \"_start\") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))))"),
                Arguments.of("counters", ReportedGlobalsTest.COUNTERS.formatted("")),
                Arguments.of("fibonacci", """
                        (module
                          (global $result (export "fuel") (mut i64) (i64.const 0))
                          (func $fib (param $n i64) (result i64)
                            (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
                              (then (local.get $n))
                              (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                                             (call $fib (i64.sub (local.get $n) (i64.const 2)))))))
                          (func (export "_start") (global.set $result (call $fib (i64.const 20)))))
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void interpreter_and_compiler_give_identical_results(String name, String wat) throws Exception {
        Sandbox sandbox = Sandbox.of("some input".getBytes(StandardCharsets.UTF_8))
                .withLimits(new Limits(16, 5_000, 4096, 4096))
                .withReportedGlobals(Set.of("fuel", "balance"));

        RunResult compiled = Guests.run(ExecutionMode.COMPILER, wat, sandbox);
        RunResult interpreted = Guests.run(ExecutionMode.INTERPRETER, wat, sandbox);

        assertThat(interpreted)
                .usingRecursiveComparison()
                .ignoringFields("elapsedNanos")
                .isEqualTo(compiled);
    }
}

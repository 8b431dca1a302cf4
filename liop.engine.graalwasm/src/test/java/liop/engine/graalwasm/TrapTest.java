package liop.engine.graalwasm;

import static liop.engine.graalwasm.Guests.run;
import static liop.engine.graalwasm.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A trap is a result that says which trap, in the Chicory engine's words; the host carries on. */
class TrapTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            (func (export "_start") unreachable)                                                  | unreachable instruction executed
            (memory 1 1) (func (export "_start") (drop (i32.load (i32.const 70000))))             | out of bounds memory access
            (memory 1) (func (export "_start") (memory.fill (i32.const 65000) (i32.const 0) (i32.const 1000))) | out of bounds memory access
            (func (export "_start") (drop (i32.div_s (i32.const 1) (i32.const 0))))               | integer divide by zero
            (func (export "_start") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))     | integer overflow
            (func (export "_start") (drop (i32.trunc_f32_s (f32.const nan))))                     | invalid conversion to integer
            (type $t (func (result i32))) (table 1 funcref) (elem (i32.const 0) $f) (func $f) (func (export "_start") (drop (call_indirect (type $t) (i32.const 0)))) | indirect call type mismatch
            (type $t (func)) (table 1 funcref) (func (export "_start") (call_indirect (type $t) (i32.const 5)))  | undefined element
            (type $t (func)) (table 1 funcref) (func (export "_start") (call_indirect (type $t) (i32.const 0)))  | uninitialized element
            (table 1 funcref) (func (export "_start") (drop (table.get 0 (i32.const 5))))         | out of bounds table access
            (memory 1) (data (i32.const 65535) "abc") (func (export "_start"))                    | instantiation failed: out of bounds memory access
            (table 1 funcref) (func $f) (elem (i32.const 1) $f) (func (export "_start"))          | instantiation failed: out of bounds table access
            (func $s unreachable) (start $s) (func (export "_start"))                             | instantiation failed: unreachable instruction executed
            """)
    void traps_are_named_as_the_chicory_engine_names_them(String body, String trap) throws Exception {
        RunResult result = run("(module " + body + ")", sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: " + trap);
        assertThat(result.exitCode()).isEqualTo(-1);
    }

    @Test
    void endless_recursion_exhausts_the_stack_without_hurting_the_host() throws Exception {
        String wat = """
                (module
                  (global $depth (export "depth") (mut i64) (i64.const 0))
                  (func $down (param $n i64) (result i64)
                    (global.set $depth (local.get $n))
                    (i64.add (call $down (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
                  (func (export "_start") (drop (call $down (i64.const 0)))))
                """;

        Sandbox sandbox = sandbox().withReportedGlobals(Set.of("depth"));

        RunResult result = run(wat, sandbox);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: call stack exhausted (stack overflow: recursion too deep): "
                + "at most 10000 calls may nest, fewer of functions with large frames");
        // the module's own depth limit, not the thread's stack, ended it: at the same depth as on Chicory
        assertThat(result.globals().get("depth")).isBetween(9_000L, 10_000L)
                .isEqualTo(Guests.compile(Guests.chicory(), Guests.wasm(wat)).run(sandbox).globals().get("depth"));
        // the engine is still fine
        assertThat(run(Guests.HELLO, sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }
}

package liop.engine.chicory;

import static liop.engine.chicory.Guests.run;
import static liop.engine.chicory.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.support.depth.CallStack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The start function (the start section, run while the module is instantiated, before {@code
 * _start}) is held to every rule {@code _start} is: its traps are results, the deadline stops it,
 * and the globals the sandbox asks for are reported however it ends. The node's fuel counter lives
 * in such a global: the guests here keep one by hand, as the node's metering would.
 */
class StartFunctionTest {

    static final Sandbox WITH_FUEL = sandbox().withReportedGlobals(Set.of("liop_fuel_used"));

    /** A module whose start function adds 7 to its fuel counter, then does {@code action}. */
    static String startThat(String action) {
        return """
                (module
                  (memory 1 1)
                  (global $fuel (export "liop_fuel_used") (mut i64) (i64.const 0))
                  (func $spend (param $units i64) (global.set $fuel (i64.add (global.get $fuel) (local.get $units))))
                  (func $init
                    (call $spend (i64.const 7))
                    %s)
                  (start $init)
                  (func (export "_start") (call $spend (i64.const 1000))))
                """.formatted(action);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_start_function_that_returns_lets_start_run(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, startThat(""), WITH_FUEL);

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("liop_fuel_used", 1007L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_trap_in_the_start_function_reports_the_fuel_spent(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, startThat("unreachable"), WITH_FUEL);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: instantiation failed: unreachable instruction executed");
        assertThat(result.globals()).containsEntry("liop_fuel_used", 7L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void running_out_of_fuel_in_the_start_function_is_reported_like_anywhere_else(ExecutionMode mode) throws Exception {
        // What metering makes of an endless loop: count, and trap once past the limit (here 1000).
        String loop = """
                (loop $forever
                  (call $spend (i64.const 1))
                  (if (i64.gt_u (global.get $fuel) (i64.const 1000)) (then unreachable))
                  (br $forever))""";

        RunResult result = run(mode, startThat(loop), WITH_FUEL);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.globals()).containsEntry("liop_fuel_used", 1001L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void other_traps_in_the_start_function_report_it_too(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, startThat("(drop (i32.load (i32.const 70000)))"), WITH_FUEL);

        assertThat(result.message()).isEqualTo("the module trapped: instantiation failed: out of bounds memory access");
        assertThat(result.globals()).containsEntry("liop_fuel_used", 7L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void deep_recursion_in_the_start_function_traps_at_the_same_depth(ExecutionMode mode) throws Exception {
        String wat = """
                (module
                  (global $deepest (export "deepest") (mut i32) (i32.const 0))
                  (func $down (param $n i32)
                    (global.set $deepest (local.get $n))
                    (call $down (i32.add (local.get $n) (i32.const 1))))
                  (func $init (call $down (i32.const 1)))
                  (start $init)
                  (func (export "_start")))
                """;

        RunResult result = run(mode, wat, sandbox().withReportedGlobals(Set.of("deepest")));

        assertThat(result.message()).startsWith("the module trapped: instantiation failed: call stack exhausted");
        assertThat(result.globals()).containsEntry("deepest", (long) CallStack.MAX_DEPTH);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void an_endless_start_function_is_stopped_at_the_deadline_with_its_fuel_reported(ExecutionMode mode)
            throws Exception {
        // br_if closes the loop: Chicory's own interpreter never checks for interruption there
        String loop = "(loop $forever (call $spend (i64.const 1)) (br_if $forever (i32.const 1)))";
        long started = System.nanoTime();

        RunResult result = run(mode, startThat(loop), WITH_FUEL.withLimits(new Limits(1, 100, 1024, 1024)));

        assertThat(result.status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_000));
        assertThat(result.globals().get("liop_fuel_used")).isGreaterThan(7L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void proc_exit_in_the_start_function_ends_the_run_before_start(ExecutionMode mode) throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
                  (memory 1 1)
                  (global $started (export "started") (mut i32) (i32.const 0))
                  (func $init (call $proc_exit (i32.const 3)))
                  (start $init)
                  (func (export "_start") (global.set $started (i32.const 1))))
                """;

        RunResult result = run(mode, wat, sandbox().withReportedGlobals(Set.of("started")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.globals()).containsEntry("started", 0L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_data_segment_that_does_not_fit_fails_instantiation_before_the_start_function(ExecutionMode mode)
            throws Exception {
        String wat = """
                (module
                  (memory 1 1)
                  (global $fuel (export "liop_fuel_used") (mut i64) (i64.const 0))
                  (data (i32.const 65530) "0123456789")
                  (func $init (global.set $fuel (i64.const 7)))
                  (start $init)
                  (func (export "_start")))
                """;

        RunResult result = run(mode, wat, WITH_FUEL);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: instantiation failed: out of bounds memory access");
        assertThat(result.globals()).containsEntry("liop_fuel_used", 0L);
    }
}

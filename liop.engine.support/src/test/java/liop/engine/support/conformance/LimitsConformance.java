package liop.engine.support.conformance;

import static liop.engine.support.conformance.WatGuests.INFINITE_LOOP;
import static liop.engine.support.conformance.WatGuests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.jupiter.api.Test;

/**
 * Every limit of {@link Limits} holds against a guest that tries to exceed it: every engine's
 * {@code LimitsTest} extends this and supplies the engine and the deadline it is held to.
 */
public abstract class LimitsConformance {

    /** The engine under test, shared by the tests of a class as a node would share it. */
    protected abstract WasmEngine engine();

    /** The deadline an infinite loop must be stopped at, and the small limits' deadline. */
    protected abstract int deadlineMillis();

    private Limits small() {
        return new Limits(4, deadlineMillis(), 1024, 256);
    }

    private CompiledModule compile(String wat) throws Exception {
        return WatGuests.compile(engine(), WatGuests.wasm(wat));
    }

    private RunResult run(String wat, Sandbox sandbox) throws Exception {
        return compile(wat).run(sandbox);
    }

    @Test
    void an_infinite_loop_is_stopped_at_the_deadline() throws Exception {
        CompiledModule loop = compile(INFINITE_LOOP);
        long started = System.nanoTime();

        RunResult result = loop.run(sandbox().withLimits(small()));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(result.status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(result.message()).isEqualTo("the module was stopped at its deadline of " + deadlineMillis() + " ms");
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(took).isBetween(Duration.ofMillis(deadlineMillis()), Duration.ofMillis(deadlineMillis() + 1_000));
    }

    @Test
    void memory_grow_past_the_cap_returns_minus_one_to_the_guest() throws Exception {
        // Declares no maximum; grows one page at a time until refused, counting the pages it got.
        String wat = """
                (module
                  (memory 1)
                  (global $pages (export "pages") (mut i32) (i32.const 1))
                  (global $refused (export "refused") (mut i32) (i32.const 0))
                  (func (export "_start")
                    (block $full (loop $grow
                      (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
                      (global.set $pages (memory.size))
                      (br $grow)))
                    (global.set $refused (i32.const 1))))
                """;

        RunResult result = run(wat, sandbox().withLimits(small()).withReportedGlobals(Set.of("pages", "refused")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("pages", 4L).containsEntry("refused", 1L);
        assertThat(result.peakMemoryBytes()).isEqualTo(4 * 65536);
    }

    @Test
    void a_guest_that_fails_after_a_refused_grow_is_told_why() throws Exception {
        String wat = """
                (module
                  (memory 1)
                  (func (export "_start")
                    (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then unreachable))))
                """;

        RunResult result = run(wat, sandbox().withLimits(new Limits(1, 1_000, 1024, 1024)));

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: unreachable instruction executed; "
                + "its memory had reached the limit of 1 pages, so a memory.grow may have been refused");
    }

    @Test
    void a_module_declaring_more_initial_memory_than_the_cap_is_refused_before_it_runs()
            throws Exception {
        RunResult result = run("(module (memory 5) (func (export \"_start\")))", sandbox().withLimits(small()));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OUT_OF_MEMORY);
        assertThat(result.message()).startsWith("the module needs 5 pages (320 KiB) of memory to start, more than the limit of 4 pages");
        assertThat(result.peakMemoryBytes()).isZero();
    }

    @Test
    void a_module_declaring_a_larger_maximum_than_the_cap_is_refused() throws Exception {
        RunResult result = run("(module (memory 1 8) (func (export \"_start\")))", sandbox().withLimits(small()));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OUT_OF_MEMORY);
        assertThat(result.message()).startsWith("the module declares a maximum memory of 8 pages (512 KiB), more than the limit of 4 pages");
    }

    @Test
    void a_flood_of_output_is_truncated_at_the_limits() throws Exception {
        // Writes the same 100-byte buffer to stdout and stderr 10 000 times each: 1 MB apiece.
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (func (export "_start")
                    (local $i i32)
                    (i32.store (i32.const 0) (i32.const 64))
                    (i32.store (i32.const 4) (i32.const 100))
                    (loop $flood
                      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                      (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $flood (i32.lt_u (local.get $i) (i32.const 10000))))))
                """;

        // the small limits' output limits, with a deadline that leaves the interpreter time to finish
        RunResult result = run(wat, sandbox().withLimits(new Limits(4, 10_000, 1024, 256)));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.stdout()).hasSize(1024);
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stderr()).hasSize(256);
        assertThat(result.stderrTruncated()).isTrue();
    }

    @Test
    void table_growth_is_capped_and_never_carries_over_to_the_next_run() throws Exception {
        // Grows its table by 10, then asks for far more than the engine's cap of 65 536 entries.
        String wat = """
                (module
                  (table $t 1 funcref)
                  (global $size (export "size") (mut i32) (i32.const 0))
                  (global $huge (export "huge") (mut i32) (i32.const 0))
                  (func (export "_start")
                    (drop (table.grow $t (ref.null func) (i32.const 10)))
                    (global.set $size (table.size $t))
                    (global.set $huge (table.grow $t (ref.null func) (i32.const 5000000)))))
                """;
        CompiledModule compiled = compile(wat);
        Sandbox sandbox = sandbox().withReportedGlobals(Set.of("size", "huge"));

        RunResult first = compiled.run(sandbox);
        RunResult second = compiled.run(sandbox);

        assertThat(first.globals()).containsEntry("size", 11L).containsEntry("huge", -1L);
        assertThat(second.globals()).isEqualTo(first.globals());
    }
}

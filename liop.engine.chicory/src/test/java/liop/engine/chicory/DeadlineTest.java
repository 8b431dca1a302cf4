package liop.engine.chicory;

import static liop.engine.chicory.Guests.sandbox;
import static liop.engine.chicory.WasmBinary.CODE;
import static liop.engine.chicory.WasmBinary.EXPORT;
import static liop.engine.chicory.WasmBinary.FUNCTION;
import static liop.engine.chicory.WasmBinary.TAG;
import static liop.engine.chicory.WasmBinary.TYPE;
import static liop.engine.chicory.WasmBinary.body;
import static liop.engine.chicory.WasmBinary.concat;
import static liop.engine.chicory.WasmBinary.exportFunction;
import static liop.engine.chicory.WasmBinary.hex;
import static liop.engine.chicory.WasmBinary.module;
import static liop.engine.chicory.WasmBinary.repeat;
import static liop.engine.chicory.WasmBinary.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deadline stops every kind of endless guest promptly, in both modes. "Promptly" is checked:
 * a guest that does not stop within a second of its deadline is abandoned, still running, and its
 * run returns only then, so each test asserts that the run returned sooner.
 */
class DeadlineTest {

    static final Limits DEADLINE_100_MS = new Limits(256, 100, 1024, 1024);

    private static void runUntilStopped(ExecutionMode mode, byte[] wasm) throws Exception {
        CompiledModule module = Guests.compile(mode, wasm);
        long started = System.nanoTime();

        RunResult result = module.run(sandbox().withLimits(DEADLINE_100_MS));

        assertThat(result.status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_loop_closed_by_br_if(ExecutionMode mode) throws Exception {
        runUntilStopped(mode, Guests.wasm("(module (func (export \"_start\") (loop $l (br_if $l (i32.const 1)))))"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_loop_closed_by_br_table(ExecutionMode mode) throws Exception {
        runUntilStopped(mode, Guests.wasm("(module (func (export \"_start\") (loop $l (br_table $l $l (i32.const 0)))))"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_loop_in_a_function_too_large_for_the_jvm(ExecutionMode mode) throws Exception {
        // 10000 calls make more than the 64 KB of bytecode a JVM method may have: Chicory's compiler
        // leaves the function to its interpreter, even in compiler mode.
        byte[] huge = concat(hex("00 03 40"), repeat(hex("10 01"), 10_000), hex("41 01 0d 00 0b 0b"));
        byte[] wasm = module(
                section(TYPE, hex("60 00 00")),
                section(FUNCTION, hex("00"), hex("00")),
                section(EXPORT, exportFunction("_start", 0)),
                section(CODE, body(huge), body(hex("00 0b"))));

        runUntilStopped(mode, wasm);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void a_loop_closed_by_catching_an_exception(ExecutionMode mode) throws Exception {
        byte[] start = hex("""
                00
                03 40                 ;; loop $l
                  1f 40 01 00 00 00   ;;   try_table (catch $e $l)
                    08 00             ;;     throw $e
                  0b
                0b
                0b""");
        byte[] wasm = module(
                section(TYPE, hex("60 00 00")),
                section(FUNCTION, hex("00")),
                section(TAG, hex("00 00")),
                section(EXPORT, exportFunction("_start", 0)),
                section(CODE, body(start)));

        runUntilStopped(mode, wasm);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void one_fd_write_of_thousands_of_iovecs_over_the_whole_memory(ExecutionMode mode) throws Exception {
        // 4096 iovecs of 16 MiB each, 64 GiB of copying in one host call, again and again. The
        // iovecs are made by doubling one with memory.copy, so that the first call starts at once.
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory 256 256)
                  (func (export "_start")
                    (local $bytes i32)
                    (i32.store (i32.const 4) (i32.const 16777216))
                    (local.set $bytes (i32.const 8))
                    (loop $double
                      (memory.copy (local.get $bytes) (i32.const 0) (local.get $bytes))
                      (local.set $bytes (i32.shl (local.get $bytes) (i32.const 1)))
                      (br_if $double (i32.lt_u (local.get $bytes) (i32.const 32768))))
                    (loop $forever
                      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 4096) (i32.const 65536)))
                      (br $forever))))
                """;

        runUntilStopped(mode, Guests.wasm(wat));
    }
}

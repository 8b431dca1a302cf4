package liop.engine.chicory;

import static liop.engine.chicory.Guests.run;
import static liop.engine.chicory.Guests.sandbox;
import static liop.engine.chicory.WasmBinary.CODE;
import static liop.engine.chicory.WasmBinary.EXPORT;
import static liop.engine.chicory.WasmBinary.FUNCTION;
import static liop.engine.chicory.WasmBinary.GLOBAL;
import static liop.engine.chicory.WasmBinary.TAG;
import static liop.engine.chicory.WasmBinary.TYPE;
import static liop.engine.chicory.WasmBinary.body;
import static liop.engine.chicory.WasmBinary.concat;
import static liop.engine.chicory.WasmBinary.exportFunction;
import static liop.engine.chicory.WasmBinary.exportGlobal;
import static liop.engine.chicory.WasmBinary.hex;
import static liop.engine.chicory.WasmBinary.module;
import static liop.engine.chicory.WasmBinary.repeat;
import static liop.engine.chicory.WasmBinary.section;
import static liop.engine.chicory.WasmBinary.sleb;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import liop.engine.support.depth.CallStack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deep recursion is a trap with the same message in both modes, never a JVM error, and it traps at
 * the same depth in both: every module counts its own calls ({@link CallStack}). Each guest records
 * how deep it got in the global {@code deepest}.
 */
class CallDepthTest {

    static final String STACK_EXHAUSTED = "the module trapped: call stack exhausted (stack overflow: recursion too deep)";
    static final Set<String> DEEPEST = Set.of("deepest");

    static final String RECURSION = """
            (module
              (global $deepest (export "deepest") (mut i32) (i32.const 0))
              (func $down (param $n i32)
                (global.set $deepest (local.get $n))
                (call $down (i32.add (local.get $n) (i32.const 1))))
              (func (export "_start") (call $down (i32.const 1))))
            """;

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void endless_recursion_traps_at_exactly_the_limit(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, RECURSION, sandbox().withReportedGlobals(DEEPEST));

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo(STACK_EXHAUSTED + ": at most 10000 calls may nest, fewer of functions with large frames");
        assertThat(result.globals()).containsEntry("deepest", (long) CallStack.MAX_DEPTH);
        assertThat(run(mode, Guests.HELLO, sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void mutual_recursion_traps_at_the_same_depth(ExecutionMode mode) throws Exception {
        String wat = """
                (module
                  (global $deepest (export "deepest") (mut i32) (i32.const 0))
                  (func $ping (param $n i32)
                    (global.set $deepest (local.get $n))
                    (call $pong (i32.add (local.get $n) (i32.const 1))))
                  (func $pong (param $n i32)
                    (global.set $deepest (local.get $n))
                    (call $ping (i32.add (local.get $n) (i32.const 1))))
                  (func (export "_start") (call $ping (i32.const 1))))
                """;

        RunResult result = run(mode, wat, sandbox().withReportedGlobals(DEEPEST));

        assertThat(result.message()).startsWith(STACK_EXHAUSTED);
        assertThat(result.globals()).containsEntry("deepest", (long) CallStack.MAX_DEPTH);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void recursion_through_a_table_traps_at_the_same_depth(ExecutionMode mode) throws Exception {
        String wat = """
                (module
                  (type $t (func (param i32)))
                  (table 1 funcref)
                  (elem (i32.const 0) $down)
                  (global $deepest (export "deepest") (mut i32) (i32.const 0))
                  (func $down (type $t) (param $n i32)
                    (global.set $deepest (local.get $n))
                    (call_indirect (type $t) (i32.add (local.get $n) (i32.const 1)) (i32.const 0)))
                  (func (export "_start") (call $down (i32.const 1))))
                """;

        RunResult result = run(mode, wat, sandbox().withReportedGlobals(DEEPEST));

        assertThat(result.message()).startsWith(STACK_EXHAUSTED);
        assertThat(result.globals()).containsEntry("deepest", (long) CallStack.MAX_DEPTH);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void functions_with_many_locals_nest_less_deep(ExecutionMode mode) throws Exception {
        // 1 parameter, 255 locals and at most 2 values on the operand stack: 258 values, so a call
        // costs 1 + 258 / 64 = 5 units of 10000
        String wat = """
                (module
                  (global $deepest (export "deepest") (mut i32) (i32.const 0))
                  (func $fat (param $n i32) (local %s)
                    (global.set $deepest (local.get $n))
                    (call $fat (i32.add (local.get $n) (i32.const 1))))
                  (func (export "_start") (call $fat (i32.const 1))))
                """.formatted("i64 ".repeat(255));

        RunResult result = run(mode, wat, sandbox().withReportedGlobals(DEEPEST));

        assertThat(result.message()).startsWith(STACK_EXHAUSTED);
        assertThat(result.globals()).containsEntry("deepest", (long) CallStack.MAX_DEPTH / 5);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void values_left_on_the_operand_stack_count_like_locals(ExecutionMode mode) throws Exception {
        // Leaves 8000 values on its operand stack before each call: 64 KB a frame, kept on the JVM
        // stack by compiled code (nested 500 deep, they crashed the JVM) and on the heap by the
        // interpreter. A call costs 1 + 8000 / 64 = 126 units: 79 nest.
        byte[] code = concat(hex("00"), repeat(hex("41 01"), 8000), hex("10 01"), repeat(hex("1a"), 8000), hex("0b"));
        byte[] wasm = module(
                section(TYPE, hex("60 00 00")),
                section(FUNCTION, hex("00"), hex("00")),
                section(EXPORT, exportFunction("_start", 0)),
                section(CODE, body(hex("00 10 01 0b")), body(code)));

        RunResult result = run(mode, wasm, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).startsWith(STACK_EXHAUSTED);
    }

    // ---- tail calls and exceptions, written byte by byte ----

    /**
     * {@code $sum(n, acc)}: {@code acc} when {@code n} is 0, else {@code return_call $sum(n - 1, acc + n)};
     * {@code _start} stores {@code $sum(n, 0)} in the exported global {@code result}.
     */
    static byte[] tailRecursiveSum(long n) {
        byte[] sum = hex("""
                00                    ;; no locals
                20 00 50              ;; n == 0
                04 7e                 ;; if (result i64)
                  20 01               ;;   acc
                05                    ;; else
                  20 00 42 01 7d      ;;   n - 1
                  20 01 20 00 7c      ;;   acc + n
                  12 01               ;;   return_call $sum
                0b
                0b""");
        byte[] start = concat(hex("00 42"), sleb(n), hex("42 00 10 01 24 00 0b"));
        return module(
                section(TYPE, hex("60 00 00"), hex("60 02 7e 7e 01 7e")),
                section(FUNCTION, hex("00"), hex("01")),
                section(GLOBAL, hex("7e 01 42 00 0b")),
                section(EXPORT, exportFunction("_start", 0), exportGlobal("result", 0)),
                section(CODE, body(start), body(sum)));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void tail_calls_compute_what_they_should(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, tailRecursiveSum(100), sandbox().withReportedGlobals(Set.of("result")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("result", 5050L);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void tail_calls_count_as_calls(ExecutionMode mode) throws Exception {
        // Chicory's compiler grows the JVM stack on tail calls: counting them keeps both modes equal.
        RunResult result = run(mode, tailRecursiveSum(CallStack.MAX_DEPTH + 1), sandbox().withReportedGlobals(Set.of("result")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).startsWith(STACK_EXHAUSTED).endsWith("; the module's tail calls count as calls on this engine");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void exceptions_caught_in_a_loop_give_the_depth_of_the_frames_they_unwound_back(ExecutionMode mode)
            throws Exception {
        // $catcher calls $rec(100), which recurses 100 deep and throws, 100 times over, catching
        // each time: the 101 units of each round not given back would exceed the limit in round 100.
        byte[] rec = hex("""
                00
                20 00 04 40           ;; if n
                  20 00 41 01 6b      ;;   n - 1
                  10 01               ;;   call $rec
                05                    ;; else
                  08 00               ;;   throw $e
                0b
                0b""");
        byte[] catcher = hex("""
                01 01 7f              ;; local $round i32
                03 40                 ;; loop $again
                  02 40               ;;   block $caught
                    1f 40 01 00 00 00 ;;     try_table (catch $e $caught)
                      41 e4 00 10 01  ;;       call $rec(100)
                    0b
                  0b
                  20 00 41 01 6a 22 00
                  41 e4 00 49 0d 00   ;;   br_if $again (round < 100)
                0b
                0b""");
        byte[] wasm = module(
                section(TYPE, hex("60 00 00"), hex("60 01 7f 00")),
                section(FUNCTION, hex("00"), hex("01"), hex("00")),
                section(TAG, hex("00 00")),
                section(EXPORT, exportFunction("_start", 0)),
                section(CODE, body(hex("00 10 02 0b")), body(rec), body(catcher)));

        RunResult result = run(mode, wasm, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
    }
}

package liop.engine.graalwasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.Limits;
import liop.api.engine.Preopen;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Swapping the Chicory engine for this one changes speed, never results: the same module in the same
 * sandbox ends with the same status, message, exit code, output, memory and globals on both. The
 * sample guests run here with small inputs (GraalWasm's interpreter is slow to warm up); the node's
 * own differential test covers the metered modules and the hostile corpus.
 */
class ParityTest {

    private static final Limits LIMITS = new Limits(64, 10_000, 64 << 10, 4096);
    private static final Set<String> GLOBALS = Set.of("fuel", "balance", "depth", "errno");

    @TempDir
    static Path logs;

    @BeforeAll
    static void writeLogs() throws IOException {
        Files.writeString(logs.resolve("app.log"), "start\nERROR disk full\nok\nerror twice\nERROR again\n");
        Files.writeString(logs.resolve("b.log"), "ERROR in b\n");
        Files.createDirectory(logs.resolve("archive"));
        Files.writeString(logs.resolve("archive/old.log"), "ERROR old\n");
        Files.createSymbolicLink(logs.resolve("passwd.log"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(logs.resolve("inside.log"), Path.of("b.log"));
    }

    static Stream<Arguments> samples() {
        String patients = """
                {"params": {"group_by": "condition", "field": "age"}, "records": [
                  {"age": 34, "condition": "flu"}, {"age": 39, "condition": "flu"}, {"age": 61, "condition": "asthma"},
                  {"age": 20.5, "condition": "cold"}, {"age": "x", "condition": "cold"}]}""";
        return Stream.of(
                Arguments.of("hello", "{}", false),
                Arguments.of("echo", "{\"params\": {\"n\": [1, 2.50, 12345678901234567890], \"s\": \"\\u00e9\"}, \"records\": [{}, {}]}", false),
                Arguments.of("echo", "{broken", false),
                Arguments.of("aggregate", patients, false),
                Arguments.of("aggregate", "{\"params\": {\"group_by\": 7}}", false),
                Arguments.of("primes", "{\"params\": {\"n\": 2000}}", false),
                Arguments.of("primes", "{\"params\": {\"n\": -1}}", false),
                Arguments.of("logsearch", "{\"params\": {\"dir\": \"/logs\", \"pattern\": \"ERROR\", \"max_lines\": 3}}", true),
                Arguments.of("logsearch", "{\"params\": {\"dir\": \"/logs\", \"pattern\": \"error\", \"ignore_case\": true}}", true),
                Arguments.of("logsearch", "{\"params\": {\"dir\": \"/etc\", \"pattern\": \"root\"}}", true),
                Arguments.of("logsearch", "{\"params\": {\"dir\": \"/logs\", \"pattern\": \"x\"}}", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void the_sample_guests_give_identical_results(String guest, String stdin, boolean withLogs) throws Exception {
        Sandbox sandbox = sandbox(stdin).withPreopens(withLogs ? List.of(new Preopen("/logs", logs)) : List.of());
        byte[] wasm = Guests.sample(guest);

        RunResult graalWasm = run(Guests.engine(), wasm, sandbox);

        assertThat(graalWasm).usingRecursiveComparison().ignoringFields("elapsedNanos")
                .isEqualTo(run(Guests.chicory(), wasm, sandbox));
        assertThat(graalWasm.status()).isIn(ExecutionStatus.OK, ExecutionStatus.FAILED);
    }

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("hello", Guests.HELLO),
                Arguments.of("echo", Guests.ECHO),
                Arguments.of("exit 3", GraalWasmEngineTest.exitWith(3)),
                Arguments.of("unreachable", "(module (func (export \"_start\") unreachable))"),
                Arguments.of("out of bounds", "(module (memory 1) (func (export \"_start\") (drop (i32.load (i32.const -1)))))"),
                Arguments.of("integer overflow",
                        "(module (func (export \"_start\") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))))"),
                Arguments.of("counters", ReportedGlobalsTest.COUNTERS.formatted("")),
                Arguments.of("counters, then a trap", ReportedGlobalsTest.COUNTERS.formatted("unreachable")),
                Arguments.of("grow past the cap, then fail", """
                        (module
                          (memory 1)
                          (func (export "_start")
                            (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then unreachable))))
                        """),
                Arguments.of("initial memory above the cap", "(module (memory 65) (func (export \"_start\")))"),
                Arguments.of("clock denied", CapabilityTest.CLOCK),
                Arguments.of("random denied", CapabilityTest.RANDOM),
                Arguments.of("table.set out of bounds",
                        "(module (table 1 funcref) (func (export \"_start\") (table.set 0 (i32.const 5) (ref.null func))))"),
                Arguments.of("data segment out of bounds", "(module (memory 1) (data (i32.const 65535) \"abc\") (func (export \"_start\")))"),
                Arguments.of("start function trap", "(module (func $s unreachable) (start $s) (func (export \"_start\")))"),
                Arguments.of("bad wasi pointer", """
                        (module
                          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                          (memory 1 1)
                          (func (export "_start") (drop (call $fd_write (i32.const 1) (i32.const 70000) (i32.const 1) (i32.const 8)))))
                        """),
                Arguments.of("wasi without memory", """
                        (module
                          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                          (func (export "_start") (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
                        """),
                Arguments.of("endless recursion", """
                        (module
                          (global $depth (export "depth") (mut i64) (i64.const 0))
                          (func $down (param $n i64) (result i64)
                            (global.set $depth (local.get $n))
                            (i64.add (call $down (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
                          (func (export "_start") (drop (call $down (i64.const 0)))))
                        """),
                Arguments.of("fibonacci", """
                        (module
                          (global $result (export "fuel") (mut i64) (i64.const 0))
                          (func $fib (param $n i64) (result i64)
                            (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
                              (then (local.get $n))
                              (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                                             (call $fib (i64.sub (local.get $n) (i64.const 2)))))))
                          (func (export "_start") (global.set $result (call $fib (i64.const 15)))))
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void small_modules_give_identical_results(String name, String wat) throws Exception {
        Sandbox sandbox = sandbox("some input");
        byte[] wasm = Guests.wasm(wat);

        assertThat(run(Guests.engine(), wasm, sandbox)).usingRecursiveComparison().ignoringFields("elapsedNanos")
                .isEqualTo(run(Guests.chicory(), wasm, sandbox));
    }

    private static Sandbox sandbox(String stdin) {
        return Sandbox.of(stdin.getBytes(StandardCharsets.UTF_8)).withLimits(LIMITS).withReportedGlobals(GLOBALS);
    }

    private static RunResult run(WasmEngine engine, byte[] wasm, Sandbox sandbox) throws InvalidModuleException {
        return Guests.compile(engine, wasm).run(sandbox);
    }
}

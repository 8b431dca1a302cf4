package liop.engine.chicory;

import static liop.engine.chicory.Guests.ECHO;
import static liop.engine.chicory.Guests.HELLO;
import static liop.engine.chicory.Guests.run;
import static liop.engine.chicory.Guests.sandbox;
import static liop.engine.chicory.Guests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's contract, shown on small WASI command modules. */
class ChicoryEngineTest {

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void hello_world_prints_to_stdout(ExecutionMode mode) throws Exception {
        RunResult result = run(mode, HELLO, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.message()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(text(result.stdout())).isEqualTo("hello, world\n");
        assertThat(result.stdoutTruncated()).isFalse();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.peakMemoryBytes()).isEqualTo(65536);
        assertThat(result.elapsedNanos()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void stdin_reaches_the_guest(ExecutionMode mode) throws Exception {
        byte[] input = "{\"params\":{},\"records\":[1,2,3]}".repeat(100).getBytes(StandardCharsets.UTF_8);

        RunResult result = run(mode, ECHO, Sandbox.of(input));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.stdout()).isEqualTo(input);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void proc_exit_zero_is_ok_and_non_zero_is_failed(ExecutionMode mode) throws Exception {
        assertThat(run(mode, exitWith(0), sandbox()).status()).isEqualTo(ExecutionStatus.OK);

        RunResult failed = run(mode, exitWith(3), sandbox());

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.message()).isEqualTo("the module exited with code 3");
    }

    @Test
    void arguments_and_environment_are_exactly_the_sandboxs() throws Exception {
        // Prints argv then environ, each string followed by a newline instead of its NUL.
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (func $print_strings (param $size i32)
                    (local $i i32)
                    ;; the strings are packed at 1024, NUL-terminated: turn the NULs into newlines
                    (block $done (loop $scan
                      (br_if $done (i32.ge_u (local.get $i) (local.get $size)))
                      (if (i32.eqz (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
                        (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.const 10))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br $scan)))
                    (i32.store (i32.const 0) (i32.const 1024))
                    (i32.store (i32.const 4) (local.get $size))
                    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
                  (func (export "_start")
                    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
                    (drop (call $args_get (i32.const 512) (i32.const 1024)))
                    (call $print_strings (i32.load (i32.const 20)))
                    (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
                    (drop (call $environ_get (i32.const 512) (i32.const 1024)))
                    (call $print_strings (i32.load (i32.const 20)))))
                """;
        Sandbox sandbox = new Sandbox(new byte[0], List.of("filter.wasm", "--top", "3"), Map.of("MODE", "strict"),
                List.of(), Limits.DEFAULT, false, false, java.util.Set.of());

        RunResult result = run(wat, sandbox);

        assertThat(text(result.stdout())).isEqualTo("filter.wasm\n--top\n3\nMODE=strict\n");
    }

    @Test
    void compiling_the_same_bytes_again_is_a_cache_hit() throws Exception {
        ChicoryEngine engine = new ChicoryEngine("cache-test", ExecutionMode.COMPILER, 2);
        byte[] wasm = Guests.wasm(HELLO);
        String sha256 = Guests.sha256(wasm);

        CompiledModule first = engine.compile(wasm, sha256);
        long started = System.nanoTime();
        CompiledModule second = engine.compile(wasm, sha256);
        long hitNanos = System.nanoTime() - started;

        assertThat(second).isSameAs(first);
        assertThat(hitNanos).isLessThan(5_000_000);
        assertThat(engine.cachedModules()).isEqualTo(1);
        assertThat(second.sha256()).isEqualTo(sha256);
        assertThat(second.engine()).isEqualTo(engine.info());
    }

    @Test
    void the_cache_keeps_the_most_recently_used_modules() throws Exception {
        ChicoryEngine engine = new ChicoryEngine("lru-test", ExecutionMode.INTERPRETER, 2);
        byte[] a = Guests.wasm(HELLO);
        byte[] b = Guests.wasm(ECHO);
        byte[] c = Guests.wasm(Guests.INFINITE_LOOP);

        CompiledModule moduleA = engine.compile(a, Guests.sha256(a));
        engine.compile(b, Guests.sha256(b));
        engine.compile(a, Guests.sha256(a)); // a is now the most recent
        engine.compile(c, Guests.sha256(c)); // evicts b

        assertThat(engine.cachedModules()).isEqualTo(2);
        assertThat(engine.compile(a, Guests.sha256(a))).isSameAs(moduleA);
    }

    @Test
    void a_wrong_sha256_is_refused_instead_of_cached() {
        ChicoryEngine engine = new ChicoryEngine("digest-test", ExecutionMode.INTERPRETER, 2);
        byte[] wasm = Guests.wasm(HELLO);

        assertThatThrownBy(() -> engine.compile(wasm, "00".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the digest of the module bytes");
        assertThat(engine.cachedModules()).isZero();
    }

    @Test
    void malformed_bytes_are_an_invalid_module() {
        byte[] garbage = "definitely not wasm".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Guests.engine(ExecutionMode.COMPILER).compile(garbage, Guests.sha256(garbage)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
    }

    @Test
    void a_module_that_does_not_validate_is_an_invalid_module() {
        // i32.add with one operand: well-formed bytes, invalid code
        byte[] wasm = Guests.wasm("(module (func (export \"_start\")))");
        byte[] invalid = withStartBody(wasm);

        assertThatThrownBy(() -> Guests.engine(ExecutionMode.INTERPRETER).compile(invalid, Guests.sha256(invalid)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
    }

    @Test
    void a_module_without_start_is_not_a_command() {
        assertThatThrownBy(() -> Guests.compile(ExecutionMode.COMPILER, "(module (func (export \"main\")))"))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessage("not a WASI command module: it exports no _start function");
    }

    @Test
    void imports_outside_wasi_are_refused_at_compile_time() {
        String wat = """
                (module
                  (import "env" "read_secrets" (func $read (result i32)))
                  (func (export "_start") (drop (call $read))))
                """;

        assertThatThrownBy(() -> Guests.compile(ExecutionMode.COMPILER, wat))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("imports env.read_secrets, which this engine does not provide");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void broken_bytes_are_refused_as_invalid_modules_and_nothing_else(ExecutionMode mode) {
        // every truncation of a module, and a hundred seeded mutations of it: whatever compile
        // throws must be an InvalidModuleException (some of them still are valid modules)
        ChicoryEngine engine = new ChicoryEngine("broken-bytes", mode, 0);
        byte[] wasm = Guests.wasm(HELLO);
        Random random = new Random(20261121);
        List<byte[]> broken = new ArrayList<>();
        for (int length = 0; length < wasm.length; length++) {
            broken.add(Arrays.copyOf(wasm, length));
        }
        for (int i = 0; i < 100; i++) {
            byte[] mutated = wasm.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            broken.add(mutated);
        }

        for (byte[] bytes : broken) {
            assertThatCode(() -> {
                try {
                    engine.compile(bytes, Guests.sha256(bytes));
                } catch (InvalidModuleException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }).as(HexFormat.of().formatHex(bytes)).doesNotThrowAnyException();
        }
    }

    @Test
    void a_module_the_compiler_cannot_translate_runs_in_the_interpreter() throws Exception {
        // 33000 values on the operand stack at once: more than Chicory's compiler can address
        int values = 33_000;
        byte[] start = WasmBinary.concat(
                WasmBinary.hex("00"),
                WasmBinary.repeat(WasmBinary.hex("41 01"), values),      // i32.const 1
                WasmBinary.repeat(WasmBinary.hex("6a"), values - 1),     // i32.add
                WasmBinary.hex("24 00 0b"));                              // global.set $sum
        byte[] wasm = WasmBinary.module(
                WasmBinary.section(WasmBinary.TYPE, WasmBinary.hex("60 00 00")),
                WasmBinary.section(WasmBinary.FUNCTION, WasmBinary.hex("00")),
                WasmBinary.section(WasmBinary.GLOBAL, WasmBinary.hex("7f 01 41 00 0b")),
                WasmBinary.section(WasmBinary.EXPORT, WasmBinary.exportFunction("_start", 0), WasmBinary.exportGlobal("sum", 0)),
                WasmBinary.section(WasmBinary.CODE, WasmBinary.body(start)));

        RunResult result = Guests.run(ExecutionMode.COMPILER, wasm, sandbox().withReportedGlobals(java.util.Set.of("sum")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("sum", (long) values);
    }

    @Test
    void info_names_the_engine_library_and_mode() {
        ChicoryEngine engine = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 8);

        assertThat(engine.info().name()).isEqualTo("chicory");
        assertThat(engine.info().implementation()).isEqualTo("Chicory");
        assertThat(engine.info().version()).isEqualTo("1.7.5");
        assertThat(engine.info().mode()).isEqualTo("compiler");
    }

    static String exitWith(int code) {
        return """
                (module
                  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
                  (memory 1 1)
                  (func (export "_start") (call $proc_exit (i32.const %d))))
                """.formatted(code);
    }

    /**
     * Replaces the empty body of the only function ({@code 02 00 0b}: size, no locals, end) with
     * {@code 04 00 6a 1a 0b}: i32.add on an empty stack, drop, end.
     */
    private static byte[] withStartBody(byte[] wasm) {
        byte[] body = {0x04, 0x00, 0x6a, 0x1a, 0x0b};
        byte[] result = new byte[wasm.length + 2];
        int codeSection = wasm.length - 6; // 0a 04 01 02 00 0b
        System.arraycopy(wasm, 0, result, 0, codeSection);
        result[codeSection] = 0x0a;
        result[codeSection + 1] = 0x06;
        result[codeSection + 2] = 0x01;
        System.arraycopy(body, 0, result, codeSection + 3, body.length);
        return result;
    }
}

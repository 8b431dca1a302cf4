package liop.engine.support.conformance;

import static liop.engine.support.conformance.WatGuests.ECHO;
import static liop.engine.support.conformance.WatGuests.HELLO;
import static liop.engine.support.conformance.WatGuests.sandbox;
import static liop.engine.support.conformance.WatGuests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Test;

/**
 * The engine's contract, shown on small WASI command modules: every engine's test of itself extends
 * this and supplies the engine.
 */
public abstract class EngineConformance {

    /** The engine under test, shared by the tests of a class as a node would share it. */
    protected abstract DrainableEngine engine();

    /** A new engine of its own, like {@link #engine()} but keeping up to {@code cacheSize} modules. */
    protected abstract DrainableEngine newEngine(String name, int cacheSize);

    /** A module that exits through {@code proc_exit} with {@code code}. */
    public static String exitWith(int code) {
        return """
                (module
                  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
                  (memory 1 1)
                  (func (export "_start") (call $proc_exit (i32.const %d))))
                """.formatted(code);
    }

    private RunResult run(String wat, Sandbox sandbox) throws InvalidModuleException {
        return WatGuests.run(engine(), wat, sandbox);
    }

    @Test
    void hello_world_prints_to_stdout() throws Exception {
        RunResult result = run(HELLO, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.message()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(text(result.stdout())).isEqualTo("hello, world\n");
        assertThat(result.stdoutTruncated()).isFalse();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.peakMemoryBytes()).isEqualTo(65536);
        assertThat(result.elapsedNanos()).isPositive();
    }

    @Test
    void stdin_reaches_the_guest() throws Exception {
        byte[] input = "{\"params\":{},\"records\":[1,2,3]}".repeat(100).getBytes(StandardCharsets.UTF_8);

        RunResult result = run(ECHO, Sandbox.of(input));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.stdout()).isEqualTo(input);
    }

    @Test
    void proc_exit_zero_is_ok_and_non_zero_is_failed() throws Exception {
        assertThat(run(exitWith(0), sandbox()).status()).isEqualTo(ExecutionStatus.OK);

        RunResult failed = run(exitWith(3), sandbox());

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
                List.of(), Limits.DEFAULT, false, false, Set.of());

        RunResult result = run(wat, sandbox);

        assertThat(text(result.stdout())).isEqualTo("filter.wasm\n--top\n3\nMODE=strict\n");
    }

    @Test
    void compiling_the_same_bytes_again_is_a_cache_hit() throws Exception {
        DrainableEngine engine = newEngine("cache-test", 2);
        byte[] wasm = WatGuests.wasm(HELLO);
        String sha256 = WatGuests.sha256(wasm);

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
        DrainableEngine engine = newEngine("lru-test", 2);
        byte[] a = WatGuests.wasm(HELLO);
        byte[] b = WatGuests.wasm(ECHO);
        byte[] c = WatGuests.wasm(WatGuests.INFINITE_LOOP);

        CompiledModule moduleA = engine.compile(a, WatGuests.sha256(a));
        engine.compile(b, WatGuests.sha256(b));
        engine.compile(a, WatGuests.sha256(a)); // a is now the most recent
        engine.compile(c, WatGuests.sha256(c)); // evicts b

        assertThat(engine.cachedModules()).isEqualTo(2);
        assertThat(engine.compile(a, WatGuests.sha256(a))).isSameAs(moduleA);
    }

    @Test
    void a_wrong_sha256_is_refused_instead_of_cached() {
        DrainableEngine engine = newEngine("digest-test", 2);
        byte[] wasm = WatGuests.wasm(HELLO);

        assertThatThrownBy(() -> engine.compile(wasm, "00".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the digest of the module bytes");
        assertThat(engine.cachedModules()).isZero();
    }

    @Test
    void malformed_bytes_are_an_invalid_module() {
        byte[] garbage = "definitely not wasm".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WatGuests.compile(engine(), garbage))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
    }

    @Test
    void a_module_without_start_is_not_a_command() {
        assertThatThrownBy(() -> WatGuests.compile(engine(), WatGuests.wasm("(module (func (export \"main\")))")))
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

        assertThatThrownBy(() -> WatGuests.compile(engine(), WatGuests.wasm(wat)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("imports env.read_secrets, which this engine does not provide");
    }
}

package liop.engine.graalwasm;

import static liop.engine.graalwasm.Guests.ECHO;
import static liop.engine.graalwasm.Guests.HELLO;
import static liop.engine.graalwasm.Guests.run;
import static liop.engine.graalwasm.Guests.sandbox;
import static liop.engine.graalwasm.Guests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.support.conformance.EngineConformance;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Test;

/**
 * The engine's contract, shown on small WASI command modules: the cases every engine passes, and
 * GraalWasm's own.
 */
class GraalWasmEngineTest extends EngineConformance {

    @Override
    protected DrainableEngine engine() {
        return Guests.engine();
    }

    @Override
    protected DrainableEngine newEngine(String name, int cacheSize) {
        return new GraalWasmEngine(name, ExecutionMode.AUTO, cacheSize);
    }

    @Test
    void a_module_without_exported_memory_still_gets_its_wasi_calls_answered() throws Exception {
        // The engine exports memory 0 itself for the WASI functions; the guest does not see the difference.
        RunResult result = run(HELLO.replace("(memory (export \"memory\") 1 1)", "(memory 1 1)"), sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(text(result.stdout())).isEqualTo("hello, world\n");
    }

    @Test
    void a_guest_cannot_squat_the_names_of_the_hosts_exports() throws Exception {
        String wat = HELLO.replace("(memory (export \"memory\") 1 1)", "(memory 1 1) (func (export \"\\00liop-memory\"))");

        RunResult result = run(wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(text(result.stdout())).isEqualTo("hello, world\n");
    }

    @Test
    void concurrent_runs_of_one_module_each_see_their_own_sandbox() throws Exception {
        CompiledModule echo = Guests.compile(ECHO);
        List<CompletableFuture<RunResult>> runs = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> echo.run(Sandbox.of(("run " + i).getBytes(StandardCharsets.UTF_8)))))
                .toList();

        for (int i = 0; i < runs.size(); i++) {
            assertThat(text(runs.get(i).get().stdout())).isEqualTo("run " + i);
        }
    }

    @Test
    void a_start_function_runs_before_start_with_wasi_connected() throws Exception {
        String wat = HELLO.replace("(func (export \"_start\")", "(start $init) (func (export \"_start\"))\n (func $init");

        RunResult result = run(wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(text(result.stdout())).isEqualTo("hello, world\n");
    }

    @Test
    void a_wasi_import_of_the_wrong_type_cannot_be_linked() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32) (result i32)))
                  (func (export "_start") (drop (call $fd_write (i32.const 1)))))
                """;

        RunResult result = run(wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.INVALID);
        assertThat(result.message()).isEqualTo(
                "the module cannot be linked: incompatible import type for host function wasi_snapshot_preview1.fd_write");
    }

    @Test
    void vector_instructions_are_refused_since_chicory_cannot_run_them() {
        assertThatThrownBy(() -> Guests.compile("(module (func (export \"_start\") (drop (v128.const i32x4 1 2 3 4))))"))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("the module could not be compiled: it uses the vector instruction V128_CONST");
    }

    @Test
    void info_names_the_engine_library_and_the_mode_that_runs() {
        GraalWasmEngine engine = Guests.engine();

        assertThat(engine.info().name()).isEqualTo("graalwasm-test");
        assertThat(engine.info().implementation()).isEqualTo("GraalWasm");
        assertThat(engine.info().version()).isEqualTo(GraalWasmEngine.GRAALVM_VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
        // a plain test JVM has no JVMCI: Truffle's fallback runtime
        assertThat(engine.info().mode()).isEqualTo(Guests.EXPECTED_MODE);
        assertThat(engine.runtimeName()).isEqualTo(Guests.EXPECTED_MODE.equals("interpreter") ? "Interpreted" : "GraalVM CE");
    }

    @Test
    void the_optimizing_mode_refuses_to_start_without_the_optimizing_runtime() {
        assumeTrue(Guests.EXPECTED_MODE.equals("interpreter"), "this JVM has the optimizing runtime");

        assertThatThrownBy(() -> new GraalWasmEngine("fast", ExecutionMode.OPTIMIZING, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interpreter-only fallback runtime");
    }

    @Test
    void the_interpreter_mode_interprets_on_any_runtime() throws Exception {
        GraalWasmEngine engine = new GraalWasmEngine("slow", ExecutionMode.INTERPRETER, 1);

        assertThat(engine.info().mode()).isEqualTo("interpreter");
        assertThat(Guests.compile(engine, Guests.wasm(HELLO)).run(sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }
}

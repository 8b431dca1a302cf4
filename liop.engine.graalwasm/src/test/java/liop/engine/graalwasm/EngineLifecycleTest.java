package liop.engine.graalwasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import org.junit.jupiter.api.Test;

/**
 * Draining and configuration of the engine, without a framework. Registration and re-registration
 * are tested in a real Felix (liop.itest GraalWasmEngineTest).
 */
class EngineLifecycleTest {

    @Test
    void closing_waits_for_the_runs_in_flight() throws Exception {
        GraalWasmEngine engine = new GraalWasmEngine("draining", ExecutionMode.AUTO, 4);
        CompiledModule loop = compile(engine, Guests.INFINITE_LOOP);
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> loop.run(Guests.sandbox().withLimits(new Limits(1, 300, 1024, 1024))));
        awaitRunsInFlight(engine, 1);

        long started = System.nanoTime();
        boolean drained = engine.close(Duration.ofSeconds(5));

        assertThat(drained).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(100));
        assertThat(running.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(engine.cachedModules()).isZero();
    }

    @Test
    void closing_gives_up_waiting_after_its_timeout_but_never_fails_a_run() throws Exception {
        GraalWasmEngine engine = new GraalWasmEngine("impatient", ExecutionMode.AUTO, 4);
        CompiledModule loop = compile(engine, Guests.INFINITE_LOOP);
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> loop.run(Guests.sandbox().withLimits(new Limits(1, 500, 1024, 1024))));
        awaitRunsInFlight(engine, 1);

        assertThat(engine.close(Duration.ofMillis(50))).isFalse();

        assertThat(running.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        // a request that picked the engine just before it was retired still runs
        assertThat(compile(engine, Guests.HELLO).run(Guests.sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void the_service_says_which_runtime_runs() {
        EngineSettings settings = new EngineSettings("graalwasm", ExecutionMode.AUTO, 8, 5);

        var properties = settings.serviceProperties(Guests.engine());

        assertThat(properties.get("liop.engine.name")).isEqualTo("graalwasm");
        assertThat(properties.get("liop.engine.mode")).isEqualTo(Guests.EXPECTED_MODE);
        assertThat(properties.get("liop.engine.runtime")).isEqualTo(Guests.engine().runtimeName());
        assertThat(properties.get("service.ranking")).isEqualTo(5);
    }

    @Test
    void only_a_new_name_mode_or_cache_size_makes_a_new_engine() {
        EngineSettings settings = new EngineSettings("graalwasm", ExecutionMode.AUTO, 8, 0);

        assertThat(settings.sameEngineAs(new EngineSettings("graalwasm", ExecutionMode.AUTO, 8, 100))).isTrue();
        assertThat(settings.sameEngineAs(new EngineSettings("graalwasm", ExecutionMode.INTERPRETER, 8, 0))).isFalse();
        assertThat(settings.sameEngineAs(new EngineSettings("graalwasm", ExecutionMode.AUTO, 9, 0))).isFalse();
    }

    @Test
    void modes_are_read_from_configuration_values() {
        assertThat(ExecutionMode.parse(" Interpreter ")).isEqualTo(ExecutionMode.INTERPRETER);
        assertThat(ExecutionMode.parse("auto")).isEqualTo(ExecutionMode.AUTO);
        assertThatThrownBy(() -> ExecutionMode.parse("jit")).hasMessage("mode must be auto, interpreter or optimizing, not 'jit'");
    }

    private static CompiledModule compile(GraalWasmEngine engine, String wat) throws Exception {
        return Guests.compile(engine, Guests.wasm(wat));
    }

    private static void awaitRunsInFlight(GraalWasmEngine engine, int count) throws InterruptedException {
        while (engine.runsInFlight() < count) {
            Thread.sleep(5);
        }
    }
}

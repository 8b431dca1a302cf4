package liop.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import org.junit.jupiter.api.Test;

/**
 * Draining and configuration of engines, without a framework. Registration, re-registration on a
 * new ranking and retirement are tested in a real Felix (liop.itest EngineLifecycleTest).
 */
class EngineLifecycleTest {

    @Test
    void closing_waits_for_the_runs_in_flight() throws Exception {
        ChicoryEngine engine = new ChicoryEngine("draining", ExecutionMode.INTERPRETER, 4);
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
    void closing_gives_up_waiting_after_its_timeout_but_never_fails_the_run() throws Exception {
        ChicoryEngine engine = new ChicoryEngine("impatient", ExecutionMode.COMPILER, 4);
        CompiledModule loop = compile(engine, Guests.INFINITE_LOOP);
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> loop.run(Guests.sandbox().withLimits(new Limits(1, 500, 1024, 1024))));
        awaitRunsInFlight(engine, 1);

        assertThat(engine.close(Duration.ofMillis(50))).isFalse();

        assertThat(running.get().status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(compile(engine, Guests.HELLO).run(Guests.sandbox()).status()).isEqualTo(ExecutionStatus.OK);
    }

    @Test
    void an_extra_engine_is_named_after_its_factory_configuration() {
        ExtraEngineConfig unnamed = extraConfig("", "interpreter");

        EngineSettings settings = ExtraChicoryEngineComponent.settings(unnamed,
                Map.of("service.pid", "liop.engine.chicory.extra~interpreter"));

        assertThat(settings.name()).isEqualTo("chicory-interpreter");
        assertThat(settings.mode()).isEqualTo(ExecutionMode.INTERPRETER);
        assertThat(ExtraChicoryEngineComponent.settings(extraConfig("fast", "compiler"),
                Map.of("service.pid", "liop.engine.chicory.extra~x")).name()).isEqualTo("fast");
        assertThatThrownBy(() -> ExtraChicoryEngineComponent.settings(unnamed,
                Map.of("service.pid", "liop.engine.chicory.extra.4f2a")))
                .hasMessageContaining("gives the extra engine no name");
    }

    @Test
    void modes_are_read_from_configuration_values() {
        assertThat(ExecutionMode.parse(" Interpreter ")).isEqualTo(ExecutionMode.INTERPRETER);
        assertThatThrownBy(() -> ExecutionMode.parse("jit")).hasMessage("mode must be compiler or interpreter, not 'jit'");
    }

    private static CompiledModule compile(ChicoryEngine engine, String wat) throws Exception {
        byte[] wasm = Guests.wasm(wat);
        return engine.compile(wasm, Guests.sha256(wasm));
    }

    private static void awaitRunsInFlight(ChicoryEngine engine, int count) throws InterruptedException {
        while (engine.runsInFlight() < count) {
            Thread.sleep(5);
        }
    }

    private static ExtraEngineConfig extraConfig(String name, String mode) {
        return (ExtraEngineConfig) Proxy.newProxyInstance(ExtraEngineConfig.class.getClassLoader(),
                new Class<?>[] {ExtraEngineConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "mode" -> mode;
                    case "cache_size" -> 8;
                    case "cache_max_bytes" -> 1L << 20;
                    case "service_ranking" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

package liop.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registration, reconfiguration and retirement of engines, without a framework. */
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
    void the_service_carries_name_mode_and_ranking() {
        FakeFramework framework = new FakeFramework();

        EngineService.register(framework.context(), new EngineSettings("chicory", ExecutionMode.COMPILER, 8, 5));

        assertThat(framework.registered()).hasSize(1);
        assertThat(framework.registered().get(0).properties())
                .containsEntry(WasmEngine.NAME_PROPERTY, "chicory")
                .containsEntry("liop.engine.mode", "compiler")
                .containsEntry("service.ranking", 5);
    }

    @Test
    void a_new_ranking_is_applied_in_place() {
        FakeFramework framework = new FakeFramework();
        EngineService service = EngineService.register(framework.context(), new EngineSettings("chicory", ExecutionMode.COMPILER, 8, 0));

        service.update(new EngineSettings("chicory", ExecutionMode.COMPILER, 8, 100));

        assertThat(framework.registered()).hasSize(1);
        assertThat(framework.registered().get(0).properties()).containsEntry("service.ranking", 100);
        assertThat(framework.registered().get(0).unregistered).isFalse();
    }

    @Test
    void a_new_mode_registers_a_new_engine_before_retiring_the_old_one() {
        FakeFramework framework = new FakeFramework();
        EngineService service = EngineService.register(framework.context(), new EngineSettings("chicory", ExecutionMode.COMPILER, 8, 0));

        service.update(new EngineSettings("chicory", ExecutionMode.INTERPRETER, 8, 0));

        assertThat(framework.registered()).hasSize(2);
        assertThat(framework.registered().get(0).unregistered).isTrue();
        assertThat(framework.registered().get(1).unregistered).isFalse();
        assertThat(framework.registered().get(1).engine.info().mode()).isEqualTo("interpreter");
    }

    @Test
    void closing_the_service_unregisters_the_engine() {
        FakeFramework framework = new FakeFramework();
        EngineService service = EngineService.register(framework.context(), new EngineSettings("chicory", ExecutionMode.COMPILER, 8, 0));

        service.close();

        assertThat(framework.registered().get(0).unregistered).isTrue();
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
                    case "service_ranking" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Just enough of a framework to watch registrations. */
    static final class FakeFramework {
        private final List<Registration> registered = new ArrayList<>();

        List<Registration> registered() {
            return registered;
        }

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        @SuppressWarnings("unchecked")
                        Registration registration = new Registration((ChicoryEngine) args[1], (Dictionary<String, Object>) args[2]);
                        registered.add(registration);
                        return registration.proxy();
                    });
        }
    }

    static final class Registration {
        final ChicoryEngine engine;
        Dictionary<String, Object> properties;
        boolean unregistered;

        Registration(ChicoryEngine engine, Dictionary<String, Object> properties) {
            this.engine = engine;
            this.properties = properties;
        }

        Map<String, Object> properties() {
            Map<String, Object> map = new java.util.HashMap<>();
            java.util.Collections.list(properties.keys()).forEach(key -> map.put(key, properties.get(key)));
            return map;
        }

        @SuppressWarnings("unchecked")
        ServiceRegistration<WasmEngine> proxy() {
            return (ServiceRegistration<WasmEngine>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setProperties" -> properties = (Dictionary<String, Object>) args[0];
                            case "unregister" -> unregistered = true;
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }
}

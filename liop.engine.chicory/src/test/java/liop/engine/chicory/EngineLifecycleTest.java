package liop.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import liop.engine.support.conformance.EngineLifecycleConformance;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Draining (the cases every engine passes, in compiler mode here and in interpreter mode in {@link
 * InInterpreterMode}) and configuration of engines, without a framework.
 * Registration, re-registration on a new ranking and retirement are tested in a real Felix (liop.itest
 * EngineLifecycleTest).
 */
class EngineLifecycleTest extends EngineLifecycleConformance {

    @Override
    protected DrainableEngine newEngine(String name) {
        return new ChicoryEngine(name, ExecutionMode.COMPILER, 4);
    }

    /** Closing is seen in both modes: a run in flight is stopped differently by each. */
    @Nested
    class InInterpreterMode extends EngineLifecycleConformance {

        @Override
        protected DrainableEngine newEngine(String name) {
            return new ChicoryEngine(name, ExecutionMode.INTERPRETER, 4);
        }
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

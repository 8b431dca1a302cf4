package liop.engine.graalwasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import liop.engine.support.conformance.EngineLifecycleConformance;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Test;

/**
 * Draining (the cases every engine passes) and configuration of the engine, without a framework.
 * Registration and re-registration are tested in a real Felix (liop.itest GraalWasmEngineTest).
 */
class EngineLifecycleTest extends EngineLifecycleConformance {

    @Override
    protected DrainableEngine newEngine(String name) {
        return new GraalWasmEngine(name, ExecutionMode.AUTO, 4);
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
}

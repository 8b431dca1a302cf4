package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import liop.api.engine.EngineInfo;
import liop.api.engine.InvalidModuleException;
import org.junit.jupiter.api.Test;

class CompiledModulesTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final EngineInfo INFO = new EngineInfo("test", "Runtime", "1.0", "interpreter");
    private static final System.Logger LOG = System.getLogger(CompiledModulesTest.class.getName());

    private final AtomicInteger compilations = new AtomicInteger();

    private CompiledModules<String> modules(CompiledModules.Compiler<String> compiler) {
        return new CompiledModules<>(INFO, new ModuleCache<>(4), LOG, compiler);
    }

    private String counted(byte[] wasm, String sha256, String hash) {
        compilations.incrementAndGet();
        return "module " + hash;
    }

    @Test
    void a_module_is_compiled_once_and_then_served_from_the_cache() throws InvalidModuleException {
        CompiledModules<String> modules = modules(this::counted);

        assertThat(modules.compile(new byte[0], EMPTY_SHA256)).isEqualTo("module e3b0c44298fc");
        assertThat(modules.compile(new byte[0], EMPTY_SHA256)).isEqualTo("module e3b0c44298fc");

        assertThat(compilations).hasValue(1);
        assertThat(modules.cachedModules()).isEqualTo(1);
    }

    @Test
    void bytes_that_do_not_match_their_digest_are_refused_before_compiling() {
        CompiledModules<String> modules = modules(this::counted);

        assertThatThrownBy(() -> modules.compile(new byte[] {1}, EMPTY_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(compilations).hasValue(0);
    }

    @Test
    void refusals_reach_the_caller_as_they_are_and_are_not_cached() {
        CompiledModules<String> refusing = modules((wasm, sha256, hash) -> {
            throw new InvalidModuleException("not a module");
        });
        CompiledModules<String> runtimeRefusing = modules((wasm, sha256, hash) -> {
            throw new CompiledModules.RefusedByRuntime(new IllegalStateException("bad section"));
        });

        assertThatThrownBy(() -> refusing.compile(new byte[0], EMPTY_SHA256)).hasMessage("not a module");
        assertThatThrownBy(() -> runtimeRefusing.compile(new byte[0], EMPTY_SHA256))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessage("the module could not be compiled: bad section");
        assertThat(refusing.cachedModules()).isZero();
    }

    @Test
    void closing_waits_for_the_runs_in_flight_then_compiles_uncached() throws InvalidModuleException {
        CompiledModules<String> modules = modules(this::counted);
        modules.compile(new byte[0], EMPTY_SHA256);
        modules.inFlight().started();

        assertThat(modules.runsInFlight()).isEqualTo(1);
        assertThat(modules.close(Duration.ofMillis(10))).isFalse();
        modules.inFlight().finished();
        assertThat(modules.close(Duration.ofMillis(10))).isTrue();

        assertThat(modules.cachedModules()).isZero();
        modules.compile(new byte[0], EMPTY_SHA256);
        modules.compile(new byte[0], EMPTY_SHA256);
        assertThat(compilations).hasValue(3);
        assertThat(modules.cachedModules()).isZero();
    }
}

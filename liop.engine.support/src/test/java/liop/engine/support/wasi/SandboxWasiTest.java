package liop.engine.support.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import liop.api.engine.Preopen;
import liop.api.engine.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engines' tests run guests against these functions; here, what a run's WASI context is made of. */
class SandboxWasiTest {

    @TempDir
    Path directory;

    @Test
    void gives_every_wasi_function_a_guest_may_import() throws Exception {
        Sandbox sandbox = Sandbox.of(new byte[0]).withPreopens(List.of(new Preopen("/data", directory)));

        try (SandboxWasi wasi = SandboxWasi.open(sandbox, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), new SecureRandom())) {
            HostFunction[] functions = wasi.hostFunctions();

            assertThat(functions).isNotEmpty().allSatisfy(function -> {
                assertThat(function.module()).isEqualTo(WasiFunctions.MODULE);
                assertThat(WasiFunctions.type(function.name())).contains(function.functionType());
            });
            assertThat(Arrays.stream(functions).map(HostFunction::name)).contains("fd_read", "fd_write", "path_open", "clock_time_get");
        }
    }

    @Test
    void a_preopen_whose_host_directory_is_missing_is_the_operators_to_fix() {
        Sandbox sandbox = Sandbox.of(new byte[0]).withPreopens(List.of(new Preopen("/data", directory.resolve("missing"))));

        assertThatThrownBy(() -> SandboxWasi.open(sandbox, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), new SecureRandom()))
                .isInstanceOf(SandboxWasi.MissingPreopenException.class)
                .hasMessage("preopen /data: its host directory is missing or not a directory; ask the operator to check the node's configuration");
    }
}

package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import liop.api.engine.InvalidModuleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules, and the words, by which both engines refuse a module. */
class ModuleRulesTest {

    @Test
    void a_wasi_command_module_passes() throws InvalidModuleException {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (table 10 funcref)
                  (func (export "_start")))
                """;

        assertThat(ModuleRules.check(Wat2Wasm.parse(wat)).importSection().importCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            (import "env" "f" (func)) (func (export "_start"))                 | the module imports env.f, which this engine does not provide: modules may import only wasi_snapshot_preview1 functions
            (import "wasi_snapshot_preview1" "no_such" (func)) (func (export "_start")) | the module imports wasi_snapshot_preview1.no_such, which this engine does not provide: modules may import only wasi_snapshot_preview1 functions
            (func (export "run"))                                              | not a WASI command module: it exports no _start function
            (func (export "_start") (param i32))                               | _start must take and return nothing
            (table 65537 funcref) (func (export "_start"))                     | table 0 starts with 65537 entries, more than the engine's limit of 65536
            """)
    void anything_else_is_refused_with_a_reason(String body, String reason) {
        byte[] wasm = Wat2Wasm.parse("(module " + body + ")");

        assertThatThrownBy(() -> ModuleRules.check(wasm)).isInstanceOf(InvalidModuleException.class).hasMessage(reason);
    }

    @Test
    void bytes_that_are_no_module_are_refused_as_such() {
        assertThatThrownBy(() -> ModuleRules.check(new byte[] {0, 'a', 's', 'n', 2, 0, 0, 0}))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module: ");
    }
}

package liop.engine.chicory;

import static liop.engine.chicory.Guests.HELLO;
import static liop.engine.chicory.Guests.run;
import static liop.engine.chicory.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.engine.support.conformance.EngineConformance;
import liop.engine.support.run.DrainableEngine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's contract, shown on small WASI command modules: the cases every engine passes, in
 * compiler mode here and in interpreter mode in {@link InInterpreterMode}, and Chicory's own.
 */
class ChicoryEngineTest extends EngineConformance {

    @Override
    protected DrainableEngine engine() {
        return Guests.engine(ExecutionMode.COMPILER);
    }

    @Override
    protected DrainableEngine newEngine(String name, int cacheSize) {
        return new ChicoryEngine(name, ExecutionMode.COMPILER, cacheSize);
    }

    @Nested
    class InInterpreterMode extends EngineConformance {

        @Override
        protected DrainableEngine engine() {
            return Guests.engine(ExecutionMode.INTERPRETER);
        }

        @Override
        protected DrainableEngine newEngine(String name, int cacheSize) {
            return new ChicoryEngine(name, ExecutionMode.INTERPRETER, cacheSize);
        }
    }

    @Test
    void a_module_that_does_not_validate_is_an_invalid_module() {
        // i32.add with one operand: well-formed bytes, invalid code
        byte[] wasm = Guests.wasm("(module (func (export \"_start\")))");
        byte[] invalid = withStartBody(wasm);

        assertThatThrownBy(() -> Guests.engine(ExecutionMode.INTERPRETER).compile(invalid, Guests.sha256(invalid)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void broken_bytes_are_refused_as_invalid_modules_and_nothing_else(ExecutionMode mode) {
        // every truncation of a module, and a hundred seeded mutations of it: whatever compile
        // throws must be an InvalidModuleException (some of them still are valid modules)
        ChicoryEngine engine = new ChicoryEngine("broken-bytes", mode, 0);
        byte[] wasm = Guests.wasm(HELLO);
        Random random = new Random(20261121);
        List<byte[]> broken = new ArrayList<>();
        for (int length = 0; length < wasm.length; length++) {
            broken.add(Arrays.copyOf(wasm, length));
        }
        for (int i = 0; i < 100; i++) {
            byte[] mutated = wasm.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            broken.add(mutated);
        }

        for (byte[] bytes : broken) {
            assertThatCode(() -> {
                try {
                    engine.compile(bytes, Guests.sha256(bytes));
                } catch (InvalidModuleException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }).as(HexFormat.of().formatHex(bytes)).doesNotThrowAnyException();
        }
    }

    @Test
    void a_module_the_compiler_cannot_translate_runs_in_the_interpreter() throws Exception {
        // 33000 values on the operand stack at once: more than Chicory's compiler can address
        int values = 33_000;
        byte[] start = WasmBinary.concat(
                WasmBinary.hex("00"),
                WasmBinary.repeat(WasmBinary.hex("41 01"), values),      // i32.const 1
                WasmBinary.repeat(WasmBinary.hex("6a"), values - 1),     // i32.add
                WasmBinary.hex("24 00 0b"));                              // global.set $sum
        byte[] wasm = WasmBinary.module(
                WasmBinary.section(WasmBinary.TYPE, WasmBinary.hex("60 00 00")),
                WasmBinary.section(WasmBinary.FUNCTION, WasmBinary.hex("00")),
                WasmBinary.section(WasmBinary.GLOBAL, WasmBinary.hex("7f 01 41 00 0b")),
                WasmBinary.section(WasmBinary.EXPORT, WasmBinary.exportFunction("_start", 0), WasmBinary.exportGlobal("sum", 0)),
                WasmBinary.section(WasmBinary.CODE, WasmBinary.body(start)));

        RunResult result = Guests.run(ExecutionMode.COMPILER, wasm, sandbox().withReportedGlobals(java.util.Set.of("sum")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("sum", (long) values);
    }

    @Test
    void info_names_the_engine_library_and_mode() {
        ChicoryEngine engine = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 8);

        assertThat(engine.info().name()).isEqualTo("chicory");
        assertThat(engine.info().implementation()).isEqualTo("Chicory");
        assertThat(engine.info().version()).isEqualTo("1.7.5");
        assertThat(engine.info().mode()).isEqualTo("compiler");
    }

    /**
     * Replaces the empty body of the only function ({@code 02 00 0b}: size, no locals, end) with
     * {@code 04 00 6a 1a 0b}: i32.add on an empty stack, drop, end.
     */
    private static byte[] withStartBody(byte[] wasm) {
        byte[] body = {0x04, 0x00, 0x6a, 0x1a, 0x0b};
        byte[] result = new byte[wasm.length + 2];
        int codeSection = wasm.length - 6; // 0a 04 01 02 00 0b
        System.arraycopy(wasm, 0, result, 0, codeSection);
        result[codeSection] = 0x0a;
        result[codeSection + 1] = 0x06;
        result[codeSection + 2] = 0x01;
        System.arraycopy(body, 0, result, codeSection + 3, body.length);
        return result;
    }
}

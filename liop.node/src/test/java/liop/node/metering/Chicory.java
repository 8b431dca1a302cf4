package liop.node.metering;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/** Runs original and metered modules on Chicory, in either execution mode, for the tests. */
final class Chicory {

    enum Mode {
        INTERPRETER,
        COMPILER;

        Function<Instance, Machine> machineFactory(WasmModule module) {
            return this == COMPILER ? MachineFactoryCompiler.compile(module) : InterpreterMachine::new;
        }
    }

    /**
     * How a WASI command ended.
     *
     * @param trap the trap's message, or null when it did not trap
     * @param fuelUsed the fuel global after the run, or null for a module without one
     */
    record Outcome(int exitCode, String stdout, String stderr, String trap, Long fuelUsed) {

        /** What the original and the metered module must agree on. */
        Outcome withoutFuel() {
            return new Outcome(exitCode, stdout, stderr, trap, null);
        }
    }

    private Chicory() {}

    static byte[] wat(String source) {
        return Wat2Wasm.parse(source);
    }

    static byte[] guest(String name) {
        String resource = "/guests/" + name + ".wasm";
        try (InputStream in = Chicory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the classpath (the io.liop:guests jar carries it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = Chicory.class.getResourceAsStream("/metering/" + name)) {
            if (in == null) {
                throw new AssertionError("/metering/" + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a WASI command ({@code _start}, or just the start section) with stdin and nothing else. */
    static Outcome runCommand(byte[] wasm, String stdin, Mode mode) {
        WasmModule module = Parser.parse(wasm);
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(stdin.getBytes(UTF_8)))
                .withStdout(stdout)
                .withStderr(stderr)
                .build();
        int exitCode = 0;
        String trap = null;
        Instance instance;
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            var imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
            instance = Instance.builder(module)
                    .withImportValues(imports)
                    .withMachineFactory(mode.machineFactory(module))
                    .withInitialize(false)
                    .build();
            try {
                instance.initialize(true); // the start section, then _start
            } catch (WasiExitException exit) {
                exitCode = exit.exitCode();
            } catch (RuntimeException | StackOverflowError e) {
                trap = describe(e);
            }
        }
        return new Outcome(exitCode, stdout.toString(UTF_8), stderr.toString(UTF_8), trap, fuelUsed(instance).orElse(null));
    }

    /** An instance without imports, initialized (its start function, if any, has run). */
    static Instance instantiate(byte[] wasm, Mode mode) {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module).withMachineFactory(mode.machineFactory(module)).build();
    }

    /** An instance without imports, not yet initialized. */
    static Instance instantiateLazily(byte[] wasm, Mode mode) {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module).withMachineFactory(mode.machineFactory(module)).withInitialize(false).build();
    }

    static Optional<Long> fuelUsed(Instance instance) {
        var exports = instance.module().exportSection();
        boolean metered = false;
        for (int i = 0; i < exports.exportCount(); i++) {
            metered |= exports.getExport(i).name().equals(FuelMeter.FUEL_USED_GLOBAL);
        }
        return metered ? Optional.of(instance.exports().global(FuelMeter.FUEL_USED_GLOBAL).getValue()) : Optional.empty();
    }

    /** A trap as the tests compare it: its kind and message, through wrappers such as "uninstantiable". */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

package liop.engine.graalwasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.support.conformance.WatGuests;

/**
 * The engines to run the tests' guests on, and the sample guests; the WAT guests and the steps are
 * {@link WatGuests}'.
 */
final class Guests {

    static final String HELLO = WatGuests.HELLO;
    static final String ECHO = WatGuests.ECHO;
    static final String INFINITE_LOOP = WatGuests.INFINITE_LOOP;

    /**
     * The mode the tests expect the engine to run in: {@code interpreter} on a plain test JVM,
     * {@code optimizing} with {@code -P optimizing-runtime}.
     */
    static final String EXPECTED_MODE = System.getProperty("liop.test.graalwasm.mode", "interpreter");

    private static GraalWasmEngine engine;
    private static ChicoryEngine chicory;

    private Guests() {}

    /** One engine for all tests, as a node would have: starting one loads Truffle. */
    static synchronized GraalWasmEngine engine() {
        if (engine == null) {
            engine = new GraalWasmEngine("graalwasm-test", ExecutionMode.AUTO, 64);
        }
        return engine;
    }

    /** The reference: the Chicory engine in its default (compiler) mode. */
    static synchronized ChicoryEngine chicory() {
        if (chicory == null) {
            chicory = new ChicoryEngine("chicory-test", liop.engine.chicory.ExecutionMode.COMPILER, 64);
        }
        return chicory;
    }

    static byte[] wasm(String wat) {
        return WatGuests.wasm(wat);
    }

    /** A sample guest from the guests module: {@code guests/<name>.wasm} on the class path. */
    static byte[] sample(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return Objects.requireNonNull(in, "guests/" + name + ".wasm is not on the class path").readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return WatGuests.sha256(bytes);
    }

    static CompiledModule compile(WasmEngine on, byte[] wasm) throws InvalidModuleException {
        return WatGuests.compile(on, wasm);
    }

    static CompiledModule compile(String wat) throws InvalidModuleException {
        return compile(engine(), wasm(wat));
    }

    static RunResult run(String wat, Sandbox sandbox) throws InvalidModuleException {
        return compile(wat).run(sandbox);
    }

    static Sandbox sandbox() {
        return WatGuests.sandbox();
    }

    static String text(byte[] bytes) {
        return WatGuests.text(bytes);
    }
}

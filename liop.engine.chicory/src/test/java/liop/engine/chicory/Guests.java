package liop.engine.chicory;

import java.util.EnumMap;
import java.util.Map;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.support.conformance.WatGuests;

/** One engine per mode to run the tests' guests on; the guests and the steps are {@link WatGuests}'. */
final class Guests {

    static final String WASI = "wasi_snapshot_preview1";
    static final String HELLO = WatGuests.HELLO;
    static final String ECHO = WatGuests.ECHO;
    static final String INFINITE_LOOP = WatGuests.INFINITE_LOOP;

    private static final Map<ExecutionMode, ChicoryEngine> ENGINES = new EnumMap<>(ExecutionMode.class);

    private Guests() {}

    /** A shared engine per mode, as a node would have. */
    static synchronized ChicoryEngine engine(ExecutionMode mode) {
        return ENGINES.computeIfAbsent(mode, m -> new ChicoryEngine("chicory-" + m.configValue(), m, 64));
    }

    static byte[] wasm(String wat) {
        return WatGuests.wasm(wat);
    }

    static String sha256(byte[] bytes) {
        return WatGuests.sha256(bytes);
    }

    static CompiledModule compile(ExecutionMode mode, String wat) throws InvalidModuleException {
        return compile(mode, wasm(wat));
    }

    static CompiledModule compile(ExecutionMode mode, byte[] wasm) throws InvalidModuleException {
        return WatGuests.compile(engine(mode), wasm);
    }

    static RunResult run(ExecutionMode mode, byte[] wasm, Sandbox sandbox) throws InvalidModuleException {
        return compile(mode, wasm).run(sandbox);
    }

    static RunResult run(ExecutionMode mode, String wat, Sandbox sandbox) throws InvalidModuleException {
        return compile(mode, wat).run(sandbox);
    }

    static RunResult run(String wat, Sandbox sandbox) throws InvalidModuleException {
        return run(ExecutionMode.COMPILER, wat, sandbox);
    }

    static Sandbox sandbox() {
        return WatGuests.sandbox();
    }

    static String text(byte[] bytes) {
        return WatGuests.text(bytes);
    }

    static String data(String text) {
        return WatGuests.data(text);
    }
}
